package dev.zt.internal.keys;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keys every node of a cluster derives alike from secret material they share (the text of the session signing key):
 * an HMAC-SHA256 of a label of its own per use under that material (white space removed, so that line endings do not
 * matter), never the material itself.
 */
public final class DerivedKeys {

    private DerivedKeys() {
    }

    /**
     * The 32-byte key for {@code label}.
     *
     * @throws IllegalArgumentException when the material is empty
     */
    public static byte[] derive(String secretKeyText, String label) {
        byte[] material = secretKeyText.replaceAll("\\s", "").getBytes(StandardCharsets.UTF_8);
        if (material.length == 0) {
            throw new IllegalArgumentException("no key material to derive a key from");
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(material, "HmacSHA256"));
            return mac.doFinal(label.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no HmacSHA256", e);
        }
    }
}
