package dev.zt.filter.internal.pipeline;

import dev.zt.filter.internal.request.ClientCertificates;
import dev.zt.filter.internal.request.Credential;
import dev.zt.filter.internal.request.RequestRejectedException;
import dev.zt.policy.Verdict;
import dev.zt.token.Confirmation;
import dev.zt.token.PossessionProof;
import dev.zt.token.RejectionReason;
import dev.zt.token.VerifiedToken;

import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Proof of possession, right after the token is verified and before its session is touched: a token bound to a key
 * needs the {@code DPoP} scheme and one valid proof for this method and URL (RFC 9449), a token bound to a certificate
 * the client's certificate (RFC 8705), and the issuer's DPoP policy holds. zt's session endpoint and logout check the
 * same before they act on a token.
 */
public final class ProofStage implements Stage {

    private final Wiring w;
    private final ClientCertificates certificates;

    ProofStage(Wiring wiring) {
        this.w = wiring;
        this.certificates = new ClientCertificates(wiring.settings.clientAddresses, wiring.settings.clientCertHeader);
    }

    @Override
    public Optional<Verdict> apply(Exchange x) {
        try {
            x.confirmation = confirm(x, x.credential, x.token);
        } catch (RequestRejectedException e) {
            return Optional.of(Verdict.refuse(RejectionReason.REQUEST_REJECTED, e.getMessage()));
        }
        return Optional.empty();
    }

    /**
     * Checks what the request proves for {@code token}, presented as {@code credential}.
     *
     * @throws dev.zt.token.TokenRejectedException when the proof fails
     * @throws RequestRejectedException for a malformed forwarded certificate
     */
    public Confirmation confirm(Exchange x, Credential credential, VerifiedToken token) throws RequestRejectedException {
        X509Certificate certificate = certificates.of(x.request);
        boolean dpop = credential.dpop();
        List<String> proofs = dpop ? Collections.list(x.request.getHeaders("DPoP")) : List.of();
        PossessionProof proof = PossessionProof.builder().dpopScheme(dpop).fromCookie(credential.fromCookie())
                .dpopProofs(proofs).method(x.method).urls(dpop ? w.settings.requestUrls.of(x.request) : List.of())
                .clientCertificate(certificate).build();
        Confirmation c = w.engine.senderConstraints().check(token, credential.token(), proof);
        c.nextNonce().ifPresent(n -> x.response.setHeader("DPoP-Nonce", n));
        return c;
    }
}
