package dev.zt.internal.ssf;

import java.net.URI;

/** Test access to the factory's package-private helpers. */
public final class SharedSignalsFactoryAccess {

    private SharedSignalsFactoryAccess() {
    }

    /** See {@link SharedSignalsFactory#configurationUri(String)}. */
    public static URI configurationUri(String issuer) {
        return SharedSignalsFactory.configurationUri(issuer);
    }
}
