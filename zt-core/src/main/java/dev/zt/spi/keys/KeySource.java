package dev.zt.spi.keys;

/**
 * Supplies the keys of one trusted issuer: zt's Policy Information Point for signing keys (NIST SP 800-207).
 *
 * <p>Built-in sources cover a JWK Set fetched over HTTPS or read from a file or the class path, a PEM public key and
 * an HMAC secret (see {@code dev.zt.token.KeySources}). Implement this interface for anything else (a vault, a
 * database). Implementations must be thread-safe; {@link #keys()} is called on every request and must be cheap (serve
 * a snapshot, refresh in the background).
 *
 * <p>Security: a key source must never take keys from the token being verified ({@code jwk}, {@code jku},
 * {@code x5u}, {@code x5c} headers, RFC 8725 section 3.10); zt never passes it the token.
 */
public interface KeySource extends AutoCloseable {

    /**
     * The issuer's current keys.
     *
     * @throws KeySourceException when no trustworthy keys are available; zt then rejects with
     *     {@code key_source_unavailable} (any other runtime exception is treated the same way)
     */
    KeySet keys();

    /**
     * Called when a token names a {@code kid} that {@link #keys()} does not hold: the issuer may have rotated. A source
     * that can reload should do so here, rate-limited (a flood of invented {@code kid}s must not turn into a flood
     * of fetches), and return the keys it then has. The default returns {@link #keys()}.
     */
    default KeySet keysForUnknownKeyId(String keyId) {
        return keys();
    }

    /** A description for logs and errors (e.g. the JWK Set URI); never secret material. */
    default String description() {
        return getClass().getSimpleName();
    }

    /** Releases background resources. The default does nothing. */
    @Override
    default void close() {
    }
}
