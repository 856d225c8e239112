package dev.zt.internal.ssf;

import dev.zt.spi.risk.SubjectProfile;
import dev.zt.spi.risk.SubjectSignals;
import dev.zt.token.VerifiedToken;

import java.time.Instant;
import java.util.Optional;

/**
 * A lowered assurance (CAEP {@code assurance-level-change}) applied to a request: a token or zt session whose
 * authentication ({@code auth_time}, else {@code iat}) happened before the report counts as the reported {@code acr},
 * so that a rule or annotation that needs more answers with the RFC 9470 challenge, and a new authentication at the
 * provider (after the report) cures it. Requests that need no more than the reported level are unaffected.
 */
public final class AssuranceCaps {

    private AssuranceCaps() {
    }

    /** The token as the request's authorization must see it: itself, or a view with the reported {@code acr}. */
    public static VerifiedToken apply(VerifiedToken token, SubjectProfile profile) {
        Optional<SubjectSignals.Timed> cap = profile.signals().assurance();
        if (cap.isEmpty() || token.acr().isEmpty() || token.acr().get().equals(cap.get().value())) {
            return token;
        }
        Instant authenticated = token.authTime().or(token::issuedAt).orElse(Instant.MIN);
        return authenticated.isBefore(cap.get().at()) ? token.withAcr(cap.get().value()) : token;
    }
}
