package dev.zt.internal.session;

import dev.zt.config.SessionSettings;
import dev.zt.internal.revocation.InMemoryRevocationStore;
import dev.zt.session.SessionView;
import dev.zt.spi.store.RevocationStore;
import dev.zt.token.RejectionReason;
import dev.zt.token.TokenRejectedException;
import dev.zt.token.VerifiedToken;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The verifier's revocation store as the session manager uses it: logouts at the identity provider, revoked callers'
 * tokens, and whether the credential a session was exchanged from has been logged out. A failing store is
 * {@code store_unavailable}.
 */
final class OriginRevocations {

    private final RevocationStore revocations;
    /** The store when it is zt's default one, which says whether anything was ever revoked; else null. */
    private final InMemoryRevocationStore local;
    private final SessionSettings settings;
    /** How long a provider session's logout is kept: as long as a session or any token issued before it may live. */
    private final java.time.Duration logoutRetention;

    OriginRevocations(RevocationStore revocations, SessionSettings settings, java.time.Duration tokenRetention) {
        this.revocations = revocations;
        this.local = revocations instanceof InMemoryRevocationStore ? (InMemoryRevocationStore) revocations : null;
        this.settings = settings;
        this.logoutRetention = settings.maxLifetime().compareTo(tokenRetention) >= 0 ? settings.maxLifetime()
                : tokenRetention;
    }

    /** Revokes one token of another issuer until it expires. */
    void revokeToken(String issuer, String tokenId, Instant expiresAt) {
        call("record the revocation", () -> {
            revocations.revokeToken(issuer, tokenId, expiresAt);
            return null;
        });
    }

    /** An OpenID Connect back-channel logout: the provider session ({@code sid}) or every session of {@code sub}. */
    void logout(VerifiedToken logoutToken, Instant now) {
        String iss = logoutToken.issuer();
        Optional<String> originSid = logoutToken.sessionId();
        Optional<String> subject = logoutToken.subject();
        if (originSid.isEmpty() && subject.isEmpty()) {
            throw new TokenRejectedException(RejectionReason.CLAIM_INVALID, "a logout token needs sub or sid");
        }
        if (originSid.isPresent()) {
            endProviderSession(iss, originSid.get(), now);
        } else {
            endSubject(iss, subject.get(), logoutToken.issuedAt().orElse(now));
        }
    }

    /** The provider session's tokens and the sessions exchanged from them, however long they could live. */
    void endProviderSession(String iss, String providerSessionId, Instant now) {
        call("record the logout", () -> {
            revocations.revokeSession(iss, providerSessionId, now.plus(logoutRetention));
            return null;
        });
    }

    /** Every token of the subject issued before {@code before}, and the sessions created from them before then. */
    void endSubject(String iss, String subject, Instant before) {
        call("record the logout", () -> {
            revocations.revokeSubject(iss, subject, before);
            return null;
        });
    }

    /**
     * True when the identity provider logged out the credential this session was exchanged from: the session is
     * looked up in the revocation store as a token of its origin issuer with the origin {@code sid} and {@code sub},
     * issued when the session was created.
     */
    boolean originLoggedOut(SessionView session) {
        if (session.originIssuer().isEmpty()) {
            return false;
        }
        if (local != null && local.nothingRecorded()) {
            return false; // the default store answers this from one flag: no token to build for it (~270 B a request)
        }
        VerifiedToken asOrigin = VerifiedToken.builder().issuerName("origin").algorithm("-")
                .issuer(session.originIssuer().get()).subject(session.subject())
                .sessionId(session.originSessionId().orElse(null)).issuedAt(session.createdAt())
                .expiresAt(session.createdAt().plus(settings.maxLifetime()))
                .claims(session.originEmail().<Map<String, Object>>map(e -> Map.of("email", e)).orElse(Map.of()))
                .build();
        return call("answer", () -> revocations.isRevoked(asOrigin));
    }

    private static <T> T call(String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            throw new TokenRejectedException(RejectionReason.STORE_UNAVAILABLE, "the revocation store could not "
                    + what + " (" + e.getClass().getSimpleName() + ")", e);
        }
    }
}
