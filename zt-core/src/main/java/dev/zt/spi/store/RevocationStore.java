package dev.zt.spi.store;

import dev.zt.token.VerifiedToken;

import java.time.Instant;

/**
 * Remembers revocations: of single tokens (by {@code jti}), of whole sessions (by {@code sid}) and of everything a
 * subject was issued before an instant ("log out everywhere", a stolen device). Consulted on every request, cached
 * or not, so a revocation applies to the very next request.
 *
 * <p>The default is an in-process Caffeine store, right for one node; several nodes share one store (e.g. Redis).
 * Identifiers are scoped by issuer, since {@code jti}, {@code sid} and {@code sub} are unique only per issuer
 * (RFC 7519 section 4.1.2 and 4.1.7).
 *
 * <p>Security: a store that cannot answer must throw, never answer "not revoked"; zt then rejects with
 * {@code store_unavailable} (fail closed). A bounded store must never silently drop a live revocation.
 */
public interface RevocationStore {

    /**
     * True when the token, its session or its subject (for tokens issued before the subject's cut-off, or without
     * {@code iat} when a cut-off exists) was revoked.
     */
    boolean isRevoked(VerifiedToken token);

    /** Revokes one token; the entry may be forgotten once {@code expiresAt} has passed. */
    void revokeToken(String issuer, String tokenId, Instant expiresAt);

    /** Revokes every token of a session; the entry may be forgotten after {@code retainUntil}. */
    void revokeSession(String issuer, String sessionId, Instant retainUntil);

    /**
     * Revokes every token of the subject issued before {@code notBefore}. A subject {@code email:<address>} names the
     * tokens whose {@code email} claim is that address (compared in lower case): stores check a token's
     * {@link #EMAIL_SUBJECT_PREFIX e-mail subject} as they check its {@code sub}.
     */
    void revokeSubject(String issuer, String subject, Instant notBefore);

    /** The prefix of a subject that is an e-mail address; see {@link #emailSubject(VerifiedToken)}. */
    String EMAIL_SUBJECT_PREFIX = "email:";

    /** A token's e-mail subject ({@code email:} and its {@code email} claim in lower case), when it has that claim. */
    static java.util.Optional<String> emailSubject(VerifiedToken token) {
        Object email = token.claims().get("email");
        return email instanceof String && !((String) email).isEmpty()
                ? java.util.Optional.of(EMAIL_SUBJECT_PREFIX + ((String) email).toLowerCase(java.util.Locale.ROOT))
                : java.util.Optional.empty();
    }
}
