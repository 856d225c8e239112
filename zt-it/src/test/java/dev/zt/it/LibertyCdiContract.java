package dev.zt.it;

import java.util.List;

/**
 * {@link CdiContract}'s tests on a real Open Liberty ({@link Liberty}), one server per test class: the WAR of
 * {@link CdiContract#deployment}, {@code zt.container-identity} left at {@code auto}, which is zt's Jakarta (or Java EE)
 * Security mechanism there (no Elytron). No server setting beyond the features.
 */
abstract class LibertyCdiContract extends ExternalCdiContract {

    /** The server's name, its features, and whether the WAR is the Java EE 8 (javax) one. */
    abstract String server();

    abstract List<String> features();

    abstract boolean javax();

    @Override
    ExternalServer start() throws Exception {
        return Liberty.start(server(), features(), deployment("cdi", null, javax()));
    }

    @Override
    String deployedMarker() {
        return "CWWKT0016I"; // Web application available
    }
}
