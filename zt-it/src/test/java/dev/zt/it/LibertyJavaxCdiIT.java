package dev.zt.it;

import java.util.List;

/**
 * {@link LibertyCdiContract} on Open Liberty as a Java EE 8 server (Servlet 4, CDI 2, Java EE Security 1.0, JAX-RS 2.1,
 * EJB Lite 3.2; javax.*): zt-filter-javax and zt-cdi-javax in {@code WEB-INF/lib}, the test application's classes put
 * through the same transformation as those jars, a Servlet 4 {@code web.xml}.
 */
class LibertyJavaxCdiIT extends LibertyCdiContract {

    @Override
    String server() {
        return "zt-cdi-javax";
    }

    @Override
    List<String> features() {
        return Liberty.JAVA_EE_8_FEATURES;
    }

    @Override
    boolean javax() {
        return true;
    }
}
