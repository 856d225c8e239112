package dev.zt.internal.risk;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signed device ids for the {@code __Host-zt-device} cookie: {@code id.mac} with an HMAC-SHA256 over the id, so a
 * client cannot choose or forge a device id that zt will believe.
 */
public final class DeviceCookies {

    private final SecretKey key;
    private final SecureRandom random = new SecureRandom();

    /** Creates the signer with a key of at least 32 bytes. */
    public DeviceCookies(byte[] key) {
        if (key.length < 32) {
            throw new IllegalArgumentException("device key must have at least 256 bits");
        }
        this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
    }

    /**
     * A signer whose key is derived from secret key material every node shares (the text of the session signing key,
     * white space removed, so that line endings do not matter): an HMAC-SHA256 of a fixed label under that material,
     * never the material itself.
     */
    public static DeviceCookies derivedFrom(String secretKeyText) {
        return new DeviceCookies(dev.zt.internal.keys.DerivedKeys.derive(secretKeyText, "zt-device-cookie-key-v1"));
    }

    /** A signer with a random key (one node only: another node rejects its cookies and mints new ones). */
    public static DeviceCookies generated() {
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        return new DeviceCookies(k);
    }

    /** A new signed device id (the cookie value). */
    public String mint() {
        byte[] id = new byte[16];
        random.nextBytes(id);
        String s = Base64.getUrlEncoder().withoutPadding().encodeToString(id);
        return s + "." + mac(s);
    }

    /** The device id of a cookie value, when its signature holds. */
    public Optional<String> verify(String cookie) {
        if (cookie == null || cookie.length() > 200) {
            return Optional.empty();
        }
        int dot = cookie.indexOf('.');
        if (dot <= 0) {
            return Optional.empty();
        }
        String id = cookie.substring(0, dot);
        byte[] expected = mac(id).getBytes(StandardCharsets.US_ASCII);
        byte[] actual = cookie.substring(dot + 1).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, actual) ? Optional.of(id) : Optional.empty();
    }

    private String mac(String id) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(key);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(m.doFinal(id.getBytes(
                    StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
