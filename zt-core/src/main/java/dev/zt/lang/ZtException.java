package dev.zt.lang;

/**
 * The root of every exception zt throws. Unchecked: callers handle the subtypes they care about
 * ({@link dev.zt.token.TokenRejectedException}, {@link dev.zt.config.ConfigurationException}).
 *
 * <p>Messages never contain a token, a key or a secret; they name what was wrong and, where it helps, how to fix it.
 */
public class ZtException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates an exception with a message that contains no secret material. */
    public ZtException(String message) {
        super(message);
    }

    /** Creates an exception with a message and a cause; the cause must not carry secret material either. */
    public ZtException(String message, Throwable cause) {
        super(message, cause);
    }
}
