package dev.zt.internal.session;

import com.github.benmanes.caffeine.cache.Cache;
import dev.zt.config.SessionSettings;
import dev.zt.internal.json.JwtJson;
import dev.zt.internal.keys.SigningKeys;
import dev.zt.session.IssuedSession;
import dev.zt.session.SessionManager;
import dev.zt.session.SessionView;
import dev.zt.spi.store.SessionRecord;
import io.jsonwebtoken.JwtBuilder;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.SecureDigestAlgorithm;

import java.security.PrivateKey;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Mints session tokens (signed JWTs of type {@value SessionManager#TOKEN_TYPE}), their ids and expiry. */
final class SessionTokens {

    private static final long RECENT_MAX = 10_000;

    private final SessionSettings settings;
    private final SigningKeys keys;
    private final SecureRandom random = new SecureRandom();
    /**
     * Tokens this node signed lately, by {@code jti}: requests racing a rotation on this node get the very bytes the
     * rotating request got, without signing again. Bounded, and kept only a little longer than the rotation grace.
     */
    private final Cache<String, String> recent;

    SessionTokens(SessionSettings settings, SigningKeys keys) {
        this.settings = settings;
        this.keys = keys;
        this.recent = dev.zt.internal.cache.Caches.bounded(RECENT_MAX).expireAfterWrite(settings.rotationGrace()
                .plusSeconds(5)).build();
    }

    /** A record together with its newly signed current token. */
    static final class Minted {
        final SessionRecord record;
        final String token;

        private Minted(SessionRecord record, String token) {
            this.record = record;
            this.token = token;
        }

        /** What the client receives. */
        IssuedSession issued() {
            return IssuedSession.of(record.id(), token, record.session().currentExpiresAt(), record.csrfToken());
        }
    }

    /**
     * The record with a new current token for {@code session} (whose current token id and expiry it sets, not used
     * yet), signed at {@code now}; the rest of {@code next} is kept.
     */
    Minted mint(SessionRecord.Builder next, SessionView.Builder session, Instant now, Instant createdAt) {
        String jti = randomId(16);
        Instant exp = expiry(now, createdAt);
        Instant iat = Instant.ofEpochSecond(now.getEpochSecond()); // JWT NumericDate precision
        SessionView view = session.currentTokenId(jti).currentExpiresAt(exp).build();
        SessionRecord record = next.session(view).currentIssuedAt(iat).currentTokenUsed(false).build();
        String token = sign(view, jti, iat, exp);
        recent.put(jti, token);
        return new Minted(record, token);
    }

    /**
     * The record's current token signed again from what the record holds (same claims: same {@code jti}, {@code iat}
     * and {@code exp}; with EdDSA or RSA the very same bytes), for a request that must converge on it.
     */
    IssuedSession reissue(SessionRecord rec) {
        SessionView s = rec.session();
        String jti = s.currentTokenId().orElseThrow();
        String token = recent.get(jti, j -> sign(s, j, rec.currentIssuedAt(), s.currentExpiresAt()));
        return IssuedSession.of(rec.id(), token, s.currentExpiresAt(), rec.csrfToken());
    }

    /** The token's expiry: {@code zt.session.ttl} from now, never past the session's absolute end. */
    private Instant expiry(Instant now, Instant createdAt) {
        Instant exp = now.plus(settings.ttl());
        Instant absoluteEnd = createdAt.plus(settings.maxLifetime());
        Instant end = exp.isBefore(absoluteEnd) ? exp : absoluteEnd;
        return Instant.ofEpochSecond(end.getEpochSecond()); // JWT NumericDate precision
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private String sign(SessionView session, String jti, Instant now, Instant exp) {
        JwtBuilder b = Jwts.builder().json(JwtJson.INSTANCE)
                .header().keyId(keys.verificationKey().keyIdOrNull()).type(SessionManager.TOKEN_TYPE).and()
                .issuer(settings.issuer())
                .audience().single(settings.issuer())
                .subject(session.subject())
                .id(jti)
                .issuedAt(Date.from(now))
                .expiration(Date.from(exp))
                .claim("sid", session.id());
        if (!session.roles().isEmpty()) {
            b.claim("roles", List.copyOf(session.roles()));
        }
        if (!session.scopes().isEmpty()) {
            b.claim("scope", String.join(" ", session.scopes()));
        }
        session.acr().ifPresent(acr -> b.claim("acr", acr));
        session.authTime().ifPresent(t -> b.claim("auth_time", t.getEpochSecond()));
        if (!session.amr().isEmpty()) {
            b.claim("amr", session.amr());
        }
        if (session.boundKey().isPresent() || session.boundCertificate().isPresent()) {
            Map<String, String> cnf = new LinkedHashMap<>(); // the session inherits its origin token's binding
            session.boundKey().ifPresent(k -> cnf.put("jkt", k));
            session.boundCertificate().ifPresent(c -> cnf.put("x5t#S256", c));
            b.claim("cnf", cnf);
        }
        SecureDigestAlgorithm alg = (SecureDigestAlgorithm) Jwts.SIG.get().forKey(keys.algorithm());
        return b.signWith((PrivateKey) keys.privateKey(), alg).compact();
    }

    /** A random URL-safe identifier of {@code bytes} random bytes. */
    String randomId(int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
