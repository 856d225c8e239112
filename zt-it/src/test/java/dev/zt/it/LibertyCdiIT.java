package dev.zt.it;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * {@link CdiContract}'s tests on a real Open Liberty: the same WAR (zt-filter and zt-cdi in {@code WEB-INF/lib}, the
 * filter in {@code web.xml}), {@code zt.container-identity} left at {@code auto}, which is zt's Jakarta Security
 * mechanism there (no Elytron). No server setting beyond the features.
 */
class LibertyCdiIT extends CdiContract {

    private static Liberty liberty;

    @BeforeAll
    static void start() throws Exception {
        liberty = Liberty.start("zt-cdi", Liberty.FEATURES, deployment("cdi", null));
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
