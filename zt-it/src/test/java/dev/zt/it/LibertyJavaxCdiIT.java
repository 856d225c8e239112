package dev.zt.it;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * {@link CdiContract}'s tests on Open Liberty as a Java EE 8 server (Servlet 4, CDI 2, Java EE Security 1.0, JAX-RS 2.1,
 * EJB Lite 3.2; javax.*): zt-filter-javax and zt-cdi-javax in {@code WEB-INF/lib}, the test application's classes put
 * through the same transformation as those jars, a Servlet 4 {@code web.xml}.
 */
class LibertyJavaxCdiIT extends CdiContract {

    private static Liberty liberty;

    @BeforeAll
    static void start() throws Exception {
        liberty = Liberty.start("zt-cdi-javax", Liberty.JAVA_EE_8_FEATURES, deployment("cdi", null, true));
    }

    @AfterAll
    static void stop() throws Exception {
        if (liberty != null) {
            liberty.close();
        }
    }

    @BeforeEach
    void base() {
        base = liberty.base;
    }

    @Override
    String expectedIdentity() {
        return "mechanism=true elytron-filter=false";
    }

    @Override
    List<String> serverLog() throws Exception {
        return liberty.log();
    }

    @Override
    String deployedMarker() {
        return "CWWKT0016I"; // Web application available
    }
}
