package dev.zt.testing;

import dev.zt.internal.json.JsonWriter;

import java.security.Key;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Security Event Tokens (RFC 8417) as a Shared Signals transmitter writes them, signed with real keys: by default a
 * valid SET of {@link TestTokens#ISSUER} for {@link #RECEIVER}, {@code typ secevent+jwt}, RS256 with
 * {@link TestKeys#RSA} ({@code kid k1}), one event, a {@code sub_id}, a fresh {@code jti}. Tests change any member.
 */
public final class TestSets {

    public static final String CAEP = "https://schemas.openid.net/secevent/caep/event-type/";
    public static final String RISC = "https://schemas.openid.net/secevent/risc/event-type/";
    public static final String SSF = "https://schemas.openid.net/secevent/ssf/event-type/";
    public static final String RECEIVER = "zt-receiver";

    private static final AtomicLong IDS = new AtomicLong();

    public final Map<String, Object> header = new LinkedHashMap<>(Map.of("alg", "RS256", "kid", "k1", "typ",
            "secevent+jwt"));
    public final Map<String, Object> claims = new LinkedHashMap<>();
    public Key key = TestKeys.RSA.getPrivate();

    private TestSets(String eventType, Map<String, Object> event, Map<String, Object> subject, Instant iat) {
        long n = IDS.incrementAndGet();
        claims.put("iss", TestTokens.ISSUER);
        claims.put("aud", RECEIVER);
        claims.put("iat", iat.getEpochSecond());
        claims.put("jti", "set-" + n + "-" + System.nanoTime());
        claims.put("txn", "txn-" + n);
        claims.put("sub_id", subject);
        claims.put("events", Map.of(eventType, event));
    }

    /** A SET of one event about a subject, issued at {@code iat}. */
    public static TestSets of(String eventType, Map<String, Object> event, Map<String, Object> subject, Instant iat) {
        return new TestSets(eventType, event, subject, iat);
    }

    /** An {@code iss_sub} subject of {@link TestTokens#ISSUER}. */
    public static Map<String, Object> issSub(String sub) {
        return Map.of("format", "iss_sub", "iss", TestTokens.ISSUER, "sub", sub);
    }

    /** A complex subject: a user and one of their provider sessions. */
    public static Map<String, Object> userSession(String sub, String sid) {
        return Map.of("format", "complex", "user", issSub(sub), "session", Map.of("format", "opaque", "id", sid));
    }

    /** Sets (or, with null, removes) a claim. */
    public TestSets with(String name, Object value) {
        if (value == null) {
            claims.remove(name);
        } else {
            claims.put(name, value);
        }
        return this;
    }

    /** Sets (or, with null, removes) a header member. */
    public TestSets header(String name, Object value) {
        if (value == null) {
            header.remove(name);
        } else {
            header.put(name, value);
        }
        return this;
    }

    /** The SET's {@code jti}. */
    public String id() {
        return (String) claims.get("jti");
    }

    /** The compact JWS. */
    public String sign() {
        return Signer.compact(json(header), json(claims), (String) header.get("alg"), key);
    }

    /** JSON of maps, lists, strings, numbers and booleans. */
    public static String json(Object v) {
        if (v instanceof Map) {
            StringBuilder b = new StringBuilder("{");
            for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                JsonWriter.quote(b.append(b.length() > 1 ? "," : ""), (String) e.getKey(), JsonWriter.UNLIMITED)
                        .append(':').append(json(e.getValue()));
            }
            return b.append('}').toString();
        }
        if (v instanceof List) {
            StringBuilder b = new StringBuilder("[");
            for (Object o : (List<?>) v) {
                b.append(b.length() > 1 ? "," : "").append(json(o));
            }
            return b.append(']').toString();
        }
        if (v instanceof String) {
            return JsonWriter.quote(new StringBuilder(), (String) v, JsonWriter.UNLIMITED).toString();
        }
        return String.valueOf(v);
    }
}
