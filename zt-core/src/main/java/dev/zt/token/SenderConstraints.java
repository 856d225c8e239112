package dev.zt.token;

import java.util.Optional;
import java.util.Set;

/**
 * Sender-constrained tokens: a token bound to a key (DPoP, RFC 9449) or to a client certificate (RFC 8705) is worth
 * nothing without that key or certificate. An enforcement point calls {@link #check} after verifying the token, with
 * what the request presents; zt's filter does so on every request.
 *
 * <p>Security notes: a token bound to a key ({@code cnf.jkt}) is accepted only with the {@code DPoP} scheme and one
 * valid proof of that key for this method and URL, whatever the issuer's policy (RFC 9449 section 7.2); a proof is
 * accepted once (its {@code jti} is remembered in the shared replay cache for {@code zt.dpop.max-age}, section 11.1);
 * a token bound to a certificate ({@code cnf.x5t#S256}) only from a client presenting that certificate (RFC 8705
 * section 3); a {@code cnf} with neither of these (e.g. only {@code jwk} or {@code kid}) is refused, never treated as a
 * bearer token. Other members beside {@code jkt} or {@code x5t#S256} are ignored (Keycloak adds {@code kc-jkt-type}).
 */
public interface SenderConstraints {

    /**
     * Checks that the request holds what the token is bound to, and the issuer's DPoP policy.
     *
     * @param token the verified token
     * @param accessToken the compact token as presented (for the proof's {@code ath})
     * @param proof what the request presents
     * @return what was proved
     * @throws TokenRejectedException {@code dpop_proof_invalid}, {@code dpop_replayed}, {@code dpop_binding_mismatch},
     *     {@code dpop_nonce_required}, {@code dpop_required}, {@code certificate_binding_mismatch},
     *     {@code claim_invalid} (an unusable {@code cnf}), or {@code store_unavailable} when the replay cache cannot
     *     answer
     */
    Confirmation check(VerifiedToken token, String accessToken, PossessionProof proof);

    /** The algorithms DPoP proofs may use ({@code zt.dpop.algorithms}), for the {@code algs} challenge parameter. */
    Set<String> dpopAlgorithms();

    /** True when some issuer accepts DPoP ({@code zt.issuers.<name>.dpop} other than {@code off}). */
    boolean dpopAccepted();

    /** True when some issuer accepts bearer tokens (its {@code dpop} is not {@code required}). */
    boolean bearerAccepted();

    /** The server nonce to hand out now, when proofs must carry one ({@code zt.dpop.nonce=required}). */
    Optional<String> nonce();
}
