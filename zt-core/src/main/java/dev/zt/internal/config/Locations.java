package dev.zt.internal.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads the text behind a configured location: {@code file:path} or {@code classpath:resource}. */
public final class Locations {

    private Locations() {
    }

    /**
     * Reads the location as UTF-8.
     *
     * @throws IOException when it cannot be read, or is neither a {@code file:} nor a {@code classpath:} location
     */
    public static String read(String location, ClassLoader loader) throws IOException {
        if (location.startsWith("classpath:")) {
            String res = location.substring("classpath:".length());
            try (InputStream in = loader.getResourceAsStream(res.startsWith("/") ? res.substring(1) : res)) {
                if (in == null) {
                    throw new IOException("class path resource " + res + " not found");
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
        if (location.startsWith("file:")) {
            return Files.readString(Path.of(location.substring("file:".length())), StandardCharsets.UTF_8);
        }
        throw new IOException("not a file: or classpath: location");
    }
}
