package dev.zt.filter;

import dev.zt.ZeroTrustContext;
import dev.zt.service.ServiceTokens;
import jakarta.servlet.ServletRequest;
import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * Attaches a token to outbound JAX-RS client calls, because internal service-to-service calls must prove themselves
 * like any other (NIST SP 800-207). Two ways:
 *
 * <ul>
 *   <li>{@link #serviceToken(ServiceTokens, String)}: this service's own token for the target audience (the
 *       receiving service trusts this service as an issuer);</li>
 *   <li>{@link #propagating(ServletRequest)}: the current caller's token, as zt verified it for this request (the
 *       receiving service must trust the same issuer and accept the same audience).</li>
 * </ul>
 *
 * <pre>{@code
 * Client client = ClientBuilder.newClient()
 *         .register(ZeroTrustClientFilter.serviceToken(serviceTokens, "api://reports"));
 * }</pre>
 *
 * <p>When there is no token to send, the call fails with {@link IllegalStateException} instead of leaving
 * unauthenticated.
 */
public final class ZeroTrustClientFilter implements ClientRequestFilter {

    private final Supplier<String> token;
    /** Makes the DPoP proof of each call when the tokens are DPoP-bound; else null. */
    private final ServiceTokens proofs;

    private ZeroTrustClientFilter(Supplier<String> token, ServiceTokens proofs) {
        this.token = token;
        this.proofs = proofs;
    }

    /**
     * Sends this service's own token for {@code audience}; when its tokens are DPoP-bound ({@code zt.service.dpop-key})
     * as {@code Authorization: DPoP} with a fresh proof for the call's method and URL (RFC 9449 section 7.1).
     */
    public static ZeroTrustClientFilter serviceToken(ServiceTokens tokens, String audience) {
        Objects.requireNonNull(tokens, "tokens");
        Objects.requireNonNull(audience, "audience");
        return new ZeroTrustClientFilter(() -> tokens.tokenFor(audience), tokens.dpopBound() ? tokens : null);
    }

    /** Propagates the token of the request zt allowed (its {@link ZeroTrustContext} attribute). */
    public static ZeroTrustClientFilter propagating(ServletRequest request) {
        Objects.requireNonNull(request, "request");
        return new ZeroTrustClientFilter(() -> {
            Object ctx = request.getAttribute(ZeroTrustContext.ATTRIBUTE);
            if (!(ctx instanceof ZeroTrustContext)) {
                throw new IllegalStateException("no zt-verified caller on this request: nothing to propagate");
            }
            ZeroTrustContext c = (ZeroTrustContext) ctx;
            if (c.token().isSenderConstrained()) {
                throw new IllegalStateException("the caller's token is sender-constrained (DPoP or certificate-bound):"
                        + " only its holder can present it; call with this service's own token instead");
            }
            return c.bearerToken();
        }, null);
    }

    /** Sends the token a supplier gives (e.g. from an injected {@link ZeroTrustContext}). */
    public static ZeroTrustClientFilter of(Supplier<String> token) {
        return new ZeroTrustClientFilter(Objects.requireNonNull(token, "token"), null);
    }

    @Override
    public void filter(ClientRequestContext request) {
        String t = token.get();
        if (t == null || t.isEmpty()) {
            throw new IllegalStateException("no token to attach to the outbound call");
        }
        if (proofs != null) {
            String proof = proofs.proof(request.getMethod(), request.getUri(), t).orElseThrow(() ->
                    new IllegalStateException("no DPoP proof for a DPoP-bound service token"));
            request.getHeaders().putSingle(HttpHeaders.AUTHORIZATION, "DPoP " + t);
            request.getHeaders().putSingle("DPoP", proof);
            return;
        }
        request.getHeaders().putSingle(HttpHeaders.AUTHORIZATION, "Bearer " + t);
    }
}
