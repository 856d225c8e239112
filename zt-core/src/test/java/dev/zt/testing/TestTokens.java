package dev.zt.testing;

import java.security.Key;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** A pre-filled token builder: {@code TestTokens.valid(now).claim("scope", "a b").sign("RS256", key)}. */
public final class TestTokens {
    public static final String ISSUER = "https://idp.example.test/realms/acme";
    public static final String AUDIENCE = "api://orders";

    private final Map<String, Object> header = new LinkedHashMap<>();
    private final Map<String, Object> claims = new LinkedHashMap<>();

    private TestTokens() {
    }

    /** Issuer, audience, subject, iat = now, exp = now + 5 min. */
    public static TestTokens valid(Instant now) {
        TestTokens t = new TestTokens();
        t.claims.put("iss", ISSUER);
        t.claims.put("sub", "alice");
        t.claims.put("aud", AUDIENCE);
        t.claims.put("iat", now.getEpochSecond());
        t.claims.put("exp", now.getEpochSecond() + 300);
        return t;
    }

    public TestTokens claim(String name, Object value) {
        claims.put(name, value);
        return this;
    }

    public TestTokens without(String name) {
        claims.remove(name);
        return this;
    }

    public TestTokens header(String name, Object value) {
        header.put(name, value);
        return this;
    }

    public TestTokens kid(String kid) {
        return header("kid", kid);
    }

    public String claimsJson() {
        return Json.write(claims);
    }

    public String headerJson(String alg) {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("alg", alg);
        h.putAll(header);
        return Json.write(h);
    }

    public String sign(String alg, Key key) {
        return Signer.compact(headerJson(alg), claimsJson(), alg, key);
    }
}
