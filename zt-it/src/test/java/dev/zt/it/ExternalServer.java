package dev.zt.it;

import java.net.URL;
import java.util.List;

/** A server a test starts itself (not Arquillian's WildFly), with the test application deployed. */
interface ExternalServer extends AutoCloseable {

    /** The application's base URL. */
    URL base();

    /** The server's log so far. */
    List<String> log() throws Exception;
}
