package dev.zt.internal.json;

/** Thrown by {@link StrictJson} for any text that is not strictly valid JSON. Never carries the input. */
public final class JsonException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    JsonException(String message) {
        super(message, null, false, false);
    }
}
