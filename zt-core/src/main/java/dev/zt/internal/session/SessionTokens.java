package dev.zt.internal.session;

import dev.zt.config.SessionSettings;
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
import java.util.List;

/** Mints session tokens (signed JWTs of type {@value SessionManager#TOKEN_TYPE}), their ids and expiry. */
final class SessionTokens {

    private final SessionSettings settings;
    private final SigningKeys keys;
    private final SecureRandom random = new SecureRandom();

    SessionTokens(SessionSettings settings, SigningKeys keys) {
        this.settings = settings;
        this.keys = keys;
    }

    /**
     * The record with a new current token for {@code session} (whose current token id and expiry it sets), signed at
     * {@code now}; the rest of {@code next} is kept.
     */
    SessionRecord mint(SessionRecord.Builder next, SessionView.Builder session, Instant now, Instant createdAt) {
        String jti = randomId(16);
        Instant exp = expiry(now, createdAt);
        SessionView view = session.currentTokenId(jti).currentExpiresAt(exp).build();
        return next.session(view).currentToken(sign(view, jti, now, exp)).build();
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
        JwtBuilder b = Jwts.builder()
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
        SecureDigestAlgorithm alg = (SecureDigestAlgorithm) Jwts.SIG.get().forKey(keys.algorithm());
        return b.signWith((PrivateKey) keys.privateKey(), alg).compact();
    }

    /** What the client receives for a record. */
    static IssuedSession issued(SessionRecord rec) {
        return IssuedSession.of(rec.id(), rec.currentToken(), rec.session().currentExpiresAt(), rec.csrfToken());
    }

    /** A random URL-safe identifier of {@code bytes} random bytes. */
    String randomId(int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
