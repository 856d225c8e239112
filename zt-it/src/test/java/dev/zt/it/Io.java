package dev.zt.it;

import java.io.IOException;
import java.io.UncheckedIOException;

/** For static fields that start a server: its I/O failure unchecked. */
final class Io {

    private Io() {
    }

    /** What may fail with an {@link IOException}. */
    interface Supplier<T> {
        T get() throws IOException;
    }

    static <T> T unchecked(Supplier<T> s) {
        try {
            return s.get();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
