package dev.zt.config;

import dev.zt.lang.ZtException;

import java.util.Optional;

/**
 * zt's configuration is invalid: an unknown {@code zt.*} key, a value that does not parse, or settings that
 * contradict each other. Thrown once, at start-up, so a misconfigured application never serves a request.
 *
 * <p>The message names the key, the offending value and, for unknown keys, the closest valid key. Values of keys that
 * hold secrets are references ({@code env:NAME}, {@code file:path}), never the secret itself.
 */
public final class ConfigurationException extends ZtException {
    private static final long serialVersionUID = 1L;

    private final String key;

    /** Creates an error about one key. */
    public ConfigurationException(String key, String message) {
        super(message);
        this.key = key;
    }

    /** Creates an error about one key with a cause. */
    public ConfigurationException(String key, String message, Throwable cause) {
        super(message, cause);
        this.key = key;
    }

    /**
     * An invalid value of one key, worded as every zt module words it: {@code 'key' = 'value': why}. Not for keys
     * that hold secrets (their values would be in the message).
     */
    public static ConfigurationException invalid(String key, String value, String why) {
        return new ConfigurationException(key, "'" + key + "' = '" + value + "': " + why);
    }

    /** The key at fault, when the error concerns one key. */
    public Optional<String> key() {
        return Optional.ofNullable(key);
    }
}
