package dev.zt.spi.keys;

import dev.zt.lang.ZtException;

/** A {@link KeySource} cannot supply trustworthy keys right now; tokens of its issuer are rejected meanwhile. */
public final class KeySourceException extends ZtException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception; the message must not contain key material. */
    public KeySourceException(String message) {
        super(message);
    }

    /** Creates the exception with a cause for the server log. */
    public KeySourceException(String message, Throwable cause) {
        super(message, cause);
    }
}
