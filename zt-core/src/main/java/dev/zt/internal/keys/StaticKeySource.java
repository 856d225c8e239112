package dev.zt.internal.keys;

import dev.zt.spi.keys.KeySet;
import dev.zt.spi.keys.KeySource;

/** Keys fixed at start-up: a PEM public key or an HMAC secret. */
public final class StaticKeySource implements KeySource {
    private final KeySet keys;
    private final String description;

    /** Creates the source. */
    public StaticKeySource(KeySet keys, String description) {
        this.keys = keys;
        this.description = description;
    }

    @Override
    public KeySet keys() {
        return keys;
    }

    @Override
    public String description() {
        return description;
    }
}
