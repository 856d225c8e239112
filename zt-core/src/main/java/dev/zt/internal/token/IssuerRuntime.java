package dev.zt.internal.token;

import dev.zt.config.IssuerConfig;
import dev.zt.spi.keys.KeySource;

/** An issuer's configuration joined with its key source, as the verifier uses it on every request. */
final class IssuerRuntime {
    final IssuerConfig config;
    final KeySource keys;
    final String[] rolesPath;
    final long skewMillis;

    IssuerRuntime(IssuerConfig config, KeySource keys) {
        this.config = config;
        this.keys = keys;
        this.rolesPath = config.rolesClaim().split("\\.");
        this.skewMillis = config.clockSkew().toMillis();
    }
}
