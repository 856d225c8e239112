package dev.zt.internal.keys;

import com.google.auto.value.AutoValue;
import dev.zt.spi.keys.KeySet;
import dev.zt.spi.keys.KeySource;

/** Keys fixed at start-up: a PEM public key or an HMAC secret. */
@AutoValue
public abstract class StaticKeySource implements KeySource {

    StaticKeySource() {
    }

    /** A source that always answers {@code keys}. */
    public static StaticKeySource of(KeySet keys, String description) {
        return new AutoValue_StaticKeySource(keys, description);
    }

    @Override
    public abstract KeySet keys();

    @Override
    public abstract String description();

    @Override
    public final String toString() {
        return "StaticKeySource[" + description() + "]";
    }
}
