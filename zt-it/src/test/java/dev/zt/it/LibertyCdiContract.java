package dev.zt.it;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

/**
 * {@link CdiContract}'s tests on a real Open Liberty ({@link Liberty}), one server per test class: the WAR of
 * {@link CdiContract#deployment}, {@code zt.container-identity} left at {@code auto}, which is zt's Jakarta (or Java EE)
 * Security mechanism there (no Elytron). No server setting beyond the features.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class LibertyCdiContract extends CdiContract {

    private Liberty liberty;

    /** The server's name, its features, and whether the WAR is the Java EE 8 (javax) one. */
    abstract String server();

    abstract List<String> features();

    abstract boolean javax();

    @BeforeAll
    void start() throws Exception {
        liberty = Liberty.start(server(), features(), deployment("cdi", null, javax()));
    }

    @AfterAll
    void stop() throws Exception {
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
