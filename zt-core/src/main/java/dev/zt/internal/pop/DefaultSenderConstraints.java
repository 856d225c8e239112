package dev.zt.internal.pop;

import dev.zt.config.DpopSettings;
import dev.zt.config.IssuerConfig;
import dev.zt.spi.store.ReplayCache;
import dev.zt.token.Confirmation;
import dev.zt.token.PossessionProof;
import dev.zt.token.RejectionReason;
import dev.zt.token.SenderConstraints;
import dev.zt.token.TokenRejectedException;
import dev.zt.token.VerifiedToken;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.cert.CertificateEncodingException;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * zt's {@link SenderConstraints}: the token's {@code cnf} (RFC 7800) read strictly, certificate binding (RFC 8705
 * section 3), each issuer's DPoP policy, and DPoP proofs ({@link DpopProofs}).
 */
public final class DefaultSenderConstraints implements SenderConstraints {

    /** The skew for an issuer the configuration does not know (never expected: tokens come from known issuers). */
    private static final Duration DEFAULT_SKEW = Duration.ofSeconds(30);

    private final Map<String, IssuerConfig> issuers;
    private final DpopSettings settings;
    private final DpopProofs proofs;
    private final DpopNonces nonces;
    private final boolean dpopAccepted;
    private final boolean bearerAccepted;

    /**
     * Creates the checks.
     *
     * @param issuers every issuer tokens may come from, zt's session issuer included
     * @param sessionIssuerName the name of zt's session issuer
     * @param nonceKey the key of server nonces (shared by the cluster), used when nonces are required
     * @param providers the JCA provider per algorithm of {@code zt.crypto.provider-algorithms} (proofs are verified as
     *     tokens are)
     */
    public DefaultSenderConstraints(DpopSettings settings, Collection<IssuerConfig> issuers, String sessionIssuerName,
            Clock clock, ReplayCache replays, byte[] nonceKey, Map<String, java.security.Provider> providers) {
        Map<String, IssuerConfig> byName = new HashMap<>();
        boolean dpop = false;
        boolean bearer = false;
        for (IssuerConfig ic : issuers) {
            byName.put(ic.name(), ic);
            // zt's own session tokens are bound only when their origin token was: they decide nothing about DPoP
            dpop |= ic.dpop() != IssuerConfig.DpopPolicy.OFF && !ic.name().equals(sessionIssuerName);
            bearer |= ic.dpop() != IssuerConfig.DpopPolicy.REQUIRED;
        }
        this.issuers = Map.copyOf(byName);
        this.settings = settings;
        this.nonces = settings.nonceRequired() ? new DpopNonces(nonceKey, clock, settings.nonceLifetime()) : null;
        this.proofs = new DpopProofs(settings, clock, replays, nonces, providers);
        this.dpopAccepted = dpop;
        this.bearerAccepted = bearer;
    }

    @Override
    public Confirmation check(VerifiedToken token, String accessToken, PossessionProof p) {
        String jkt = null;
        String x5t = null;
        Optional<Map<String, Object>> cnf = token.confirmation();
        if (cnf.isPresent()) {
            if (cnf.get().isEmpty()) {
                throw new TokenRejectedException(RejectionReason.CLAIM_INVALID, "cnf is empty");
            }
            Map<String, Object> c = cnf.get();
            jkt = c.containsKey("jkt") ? member(c.get("jkt"), "jkt") : null;
            x5t = c.containsKey("x5t#S256") ? member(c.get("x5t#S256"), "x5t#S256") : null;
            if (jkt == null && x5t == null) {
                // e.g. jwk, jwe, kid (RFC 7800): a binding zt cannot check is never taken for a bearer token
                String names = String.join(",", new java.util.TreeSet<>(c.keySet()));
                throw new TokenRejectedException(RejectionReason.CLAIM_INVALID, "cnf has neither jkt nor x5t#S256 ("
                        + printable(names) + "); the token is not treated as a bearer token");
            }
            // other members beside a method zt checks are the issuer's own notes (Keycloak adds kc-jkt-type)
        }
        String certificate = null;
        if (p.clientCertificate().isPresent()) {
            try {
                certificate = Thumbprints.certificate(p.clientCertificate().get().getEncoded());
            } catch (CertificateEncodingException e) {
                throw new TokenRejectedException(RejectionReason.CERTIFICATE_BINDING_MISMATCH, "the client certificate"
                        + " cannot be encoded");
            }
        }
        if (x5t != null) {
            if (certificate == null) {
                throw new TokenRejectedException(RejectionReason.CERTIFICATE_BINDING_MISMATCH, "the token is bound to a"
                        + " client certificate and the request presents none");
            }
            if (!MessageDigest.isEqual(x5t.getBytes(StandardCharsets.US_ASCII),
                    certificate.getBytes(StandardCharsets.US_ASCII))) {
                throw new TokenRejectedException(RejectionReason.CERTIFICATE_BINDING_MISMATCH, "the client certificate's"
                        + " SHA-256 thumbprint is not the token's cnf.x5t#S256");
            }
        }
        IssuerConfig ic = issuers.get(token.issuerName());
        IssuerConfig.DpopPolicy policy = ic == null ? IssuerConfig.DpopPolicy.ALLOWED : ic.dpop();
        String proofKey = null;
        String nextNonce = null;
        if (jkt != null || p.dpopScheme() || policy == IssuerConfig.DpopPolicy.REQUIRED) {
            String issuer = token.issuerName();
            if (policy == IssuerConfig.DpopPolicy.OFF) {
                if (p.dpopScheme()) {
                    throw new TokenRejectedException(RejectionReason.DPOP_PROOF_INVALID, "issuer " + issuer
                            + " does not accept DPoP (zt.issuers." + issuer + ".dpop=off)");
                }
                throw new TokenRejectedException(RejectionReason.DPOP_BINDING_MISMATCH, "the token is bound to a key"
                        + " and issuer " + issuer + " has dpop=off: the binding cannot be checked");
            }
            if (!p.dpopScheme()) {
                throw new TokenRejectedException(RejectionReason.DPOP_REQUIRED, jkt == null ? "issuer " + issuer
                        + " requires DPoP (zt.issuers." + issuer + ".dpop=required)" : p.fromCookie()
                        ? "a DPoP-bound token in a cookie" : "a DPoP-bound token presented as a bearer token (RFC 9449"
                        + " section 7.2)");
            }
            if (jkt == null) {
                throw new TokenRejectedException(policy == IssuerConfig.DpopPolicy.REQUIRED
                        ? RejectionReason.DPOP_REQUIRED : RejectionReason.DPOP_BINDING_MISMATCH, "the DPoP scheme"
                        + " with a token that is not bound to a key (no cnf.jkt)");
            }
            Duration skew = ic == null ? DEFAULT_SKEW : ic.clockSkew();
            nextNonce = proofs.verify(p, accessToken, jkt, skew);
            proofKey = jkt;
        }
        return proofKey == null && certificate == null ? Confirmation.none()
                : Confirmation.of(proofKey, certificate, nextNonce);
    }

    private static String member(Object v, String name) {
        if (!(v instanceof String) || ((String) v).isEmpty() || ((String) v).length() > 128) {
            throw new TokenRejectedException(RejectionReason.CLAIM_INVALID, "cnf." + name + " is not a thumbprint"
                    + " string");
        }
        return (String) v;
    }

    private static String printable(String s) {
        return s.length() <= 60 && s.chars().allMatch(c -> c > 0x20 && c < 0x7f) ? s : "(unprintable or long names)";
    }

    @Override
    public Set<String> dpopAlgorithms() {
        return settings.algorithms();
    }

    @Override
    public boolean dpopAccepted() {
        return dpopAccepted;
    }

    @Override
    public boolean bearerAccepted() {
        return bearerAccepted;
    }

    @Override
    public Optional<String> nonce() {
        return nonces == null ? Optional.empty() : Optional.of(nonces.current());
    }
}
