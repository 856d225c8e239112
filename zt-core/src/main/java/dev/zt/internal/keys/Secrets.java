package dev.zt.internal.keys;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * Loads an HMAC secret from a reference: {@code env:NAME} (an environment variable) or {@code file:path} (a local
 * file), holding the secret base64 or base64url encoded. Secrets are never fetched over a network and never written
 * into configuration; messages name the reference, never the value.
 */
public final class Secrets {

    private Secrets() {
    }

    /**
     * Resolves the reference.
     *
     * @throws IllegalArgumentException naming the reference when it cannot be resolved or decoded
     */
    public static SecretKey load(String reference, Map<String, String> environment) {
        String encoded = read(reference, environment);
        String text = encoded.trim().replace('-', '+').replace('_', '/');
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the secret in " + reference + " is not base64");
        }
        return new SecretKeySpec(bytes, "HmacSHA256");
    }

    /**
     * Resolves the reference to the text it holds, without surrounding white space (e.g. an OAuth client secret).
     *
     * @throws IllegalArgumentException naming the reference when it cannot be resolved or is empty
     */
    public static String loadText(String reference, Map<String, String> environment) {
        String text = read(reference, environment).strip();
        if (text.isEmpty()) {
            throw new IllegalArgumentException("the secret in " + reference + " is empty");
        }
        return text;
    }

    private static String read(String reference, Map<String, String> environment) {
        String encoded;
        if (reference.startsWith("env:")) {
            String name = reference.substring(4);
            encoded = environment.get(name);
            if (encoded == null) {
                throw new IllegalArgumentException("environment variable " + name + " is not set");
            }
        } else if (reference.startsWith("file:")) {
            Path path = Path.of(reference.substring(5));
            try {
                encoded = Files.readString(path, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read " + path + " (" + e.getClass().getSimpleName() + ")");
            }
        } else {
            throw new IllegalArgumentException("a secret reference is env:NAME or file:path");
        }
        return encoded;
    }
}
