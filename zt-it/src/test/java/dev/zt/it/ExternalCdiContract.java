package dev.zt.it;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

/**
 * {@link CdiContract}'s tests on a server the test class starts and stops itself ({@link ExternalServer}), one per
 * class, with {@code zt.container-identity} left at {@code auto}: zt's Jakarta Security mechanism on every server but
 * WildFly.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ExternalCdiContract extends CdiContract {

    private ExternalServer server;

    /** Starts the server with the test application. */
    abstract ExternalServer start() throws Exception;

    @BeforeAll
    void startServer() throws Exception {
        server = start();
    }

    @AfterAll
    void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void base() {
        base = server.base();
    }

    @Override
    String expectedIdentity() {
        return "mechanism=true elytron-filter=false";
    }

    @Override
    List<String> serverLog() throws Exception {
        return server.log();
    }
}
