package dev.zt.filter.internal.oidc;

import dev.zt.internal.json.JsonWriter;
import dev.zt.internal.json.StrictJson;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * One started browser login: {@code state}, {@code nonce}, the PKCE verifier (RFC 7636), the page to return to, the
 * redirect URI sent, the step-up asked for, and when it expires. It travels in the browser's {@code __Host-} login
 * cookie, sealed with AES-256-GCM under a key derived from the client secret (HMAC-SHA256, a label of its own): every
 * node of a cluster opens it, nobody else can read or forge it, and nothing is stored before the callback (junk logins
 * cost no memory). Used once: the callback records its {@code state} in the replay cache (shared by all nodes).
 */
final class LoginState {

    private static final int IV_BYTES = 12;
    private static final int MAX_COOKIE_CHARS = 2048;
    private static final byte[] AAD = "zt login state".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] GRANT_AAD = "zt provider grant".getBytes(StandardCharsets.US_ASCII);
    /** A refresh token and an ID token fit; anything longer is not one of ours. */
    private static final int MAX_GRANT_CHARS = 32_768;

    final String state;
    final String nonce;
    final String verifier;
    final String returnTo;
    final String redirectUri;
    /** The {@code acr} a step-up asked for, or null for a login. */
    final String acr;
    /** The {@code max_age} in seconds a step-up asked for, or -1. */
    final long maxAge;
    /** Epoch seconds. */
    final long expiresAt;
    /**
     * The zt session a step-up started from, or null: the callback steps it up even though the browser does not send
     * its {@code SameSite=Strict} session cookie on the provider's cross-site redirect.
     */
    final String sessionId;

    LoginState(String state, String nonce, String verifier, String returnTo, String redirectUri, String acr,
            long maxAge, long expiresAt) {
        this(state, nonce, verifier, returnTo, redirectUri, acr, maxAge, expiresAt, null);
    }

    LoginState(String state, String nonce, String verifier, String returnTo, String redirectUri, String acr,
            long maxAge, long expiresAt, String sessionId) {
        this.state = state;
        this.nonce = nonce;
        this.verifier = verifier;
        this.returnTo = returnTo;
        this.redirectUri = redirectUri;
        this.acr = acr;
        this.maxAge = maxAge;
        this.expiresAt = expiresAt;
        this.sessionId = sessionId;
    }

    /** Seals and opens login states; thread-safe. */
    static final class Sealer {
        private final SecretKey key;
        private final SecureRandom random = new SecureRandom();

        /** A sealer whose key is derived from the client secret. */
        Sealer(String clientSecret) {
            this(clientSecret.getBytes(StandardCharsets.UTF_8));
        }

        /** A sealer whose key is derived from the client's credential (its secret, or its private key's encoding). */
        Sealer(byte[] credential) {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(credential, "HmacSHA256"));
                this.key = new SecretKeySpec(mac.doFinal("zt-oidc-login-state-v1".getBytes(StandardCharsets.US_ASCII)),
                        "AES");
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("this JVM has no HmacSHA256", e);
            }
        }

        /** A random base64url value of {@code bytes} random bytes (state, nonce, PKCE verifier). */
        String random(int bytes) {
            byte[] b = new byte[bytes];
            random.nextBytes(b);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        }

        /** The cookie value of a state. */
        String seal(LoginState s) {
            JsonWriter w = JsonWriter.object(JsonWriter.UNLIMITED).field("s", s.state).field("n", s.nonce)
                    .field("v", s.verifier).field("r", s.returnTo).field("u", s.redirectUri).field("e", s.expiresAt);
            if (s.acr != null) {
                w.field("a", s.acr).field("m", s.maxAge);
            }
            w.field("i", s.sessionId);
            return seal(w.end(), AAD);
        }

        /** The sealed form of a provider grant (kept in the session store, which sees only ciphertext). */
        String sealGrant(ProviderGrant g) {
            return seal(JsonWriter.object(JsonWriter.UNLIMITED).field("rt", g.refreshToken).field("id", g.idToken)
                    .field("ok", g.confirmedAt).field("d", g.deferred ? 1 : 0).end(), GRANT_AAD);
        }

        /** The grant a sealed value holds, or null when it is not one this client sealed. */
        ProviderGrant openGrant(String sealed) {
            if (sealed == null || sealed.length() > MAX_GRANT_CHARS) {
                return null;
            }
            try {
                Map<String, Object> m = opened(sealed, GRANT_AAD);
                Object rt = m.get("rt");
                Object id = m.get("id");
                return new ProviderGrant(rt instanceof String ? (String) rt : null,
                        id instanceof String ? (String) id : null, (Long) m.get("ok"), Long.valueOf(1).equals(m.get("d")));
            } catch (RuntimeException e) {
                return null;
            }
        }

        private String seal(String json, byte[] aad) {
            byte[] plain = json.getBytes(StandardCharsets.UTF_8);
            byte[] iv = new byte[IV_BYTES];
            random.nextBytes(iv);
            try {
                Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
                c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
                c.updateAAD(aad);
                byte[] sealed = c.doFinal(plain);
                return Base64.getUrlEncoder().withoutPadding().encodeToString(ByteBuffer.allocate(iv.length
                        + sealed.length).put(iv).put(sealed).array());
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES-GCM failed", e);
            }
        }

        /** The JSON object sealed in a value; throws for anything not sealed under this key with this label. */
        private Map<String, Object> opened(String sealed, byte[] aad) {
            byte[] all = Base64.getUrlDecoder().decode(sealed);
            if (all.length < IV_BYTES + 16) {
                throw new IllegalArgumentException("too short");
            }
            try {
                Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
                c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, all, 0, IV_BYTES));
                c.updateAAD(aad);
                byte[] plain = c.doFinal(all, IV_BYTES, all.length - IV_BYTES);
                return StrictJson.parseObject(new String(plain, StandardCharsets.UTF_8));
            } catch (GeneralSecurityException e) {
                throw new IllegalArgumentException("not sealed by this client");
            }
        }

        /** The state a cookie value holds, or null when it is not one this client sealed (or is malformed). */
        LoginState open(String cookie) {
            if (cookie == null || cookie.length() > MAX_COOKIE_CHARS) {
                return null;
            }
            try {
                Map<String, Object> m = opened(cookie, AAD);
                Object a = m.get("a");
                Object maxAge = m.get("m");
                Object sid = m.get("i");
                return new LoginState(text(m, "s"), text(m, "n"), text(m, "v"), text(m, "r"), text(m, "u"),
                        a instanceof String ? (String) a : null, maxAge instanceof Long ? (Long) maxAge : -1,
                        (Long) m.get("e"), sid instanceof String ? (String) sid : null);
            } catch (RuntimeException e) {
                return null; // forged, of another key, or truncated: not a login of ours
            }
        }

        private static String text(Map<String, Object> m, String k) {
            Object v = m.get(k);
            if (!(v instanceof String)) {
                throw new IllegalArgumentException("no " + k);
            }
            return (String) v;
        }
    }
}
