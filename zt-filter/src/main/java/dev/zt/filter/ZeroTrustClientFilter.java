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

    private ZeroTrustClientFilter(Supplier<String> token) {
        this.token = token;
    }

    /** Sends this service's own token for {@code audience}. */
    public static ZeroTrustClientFilter serviceToken(ServiceTokens tokens, String audience) {
        Objects.requireNonNull(tokens, "tokens");
        Objects.requireNonNull(audience, "audience");
        return new ZeroTrustClientFilter(() -> tokens.tokenFor(audience));
    }

    /** Propagates the token of the request zt allowed (its {@link ZeroTrustContext} attribute). */
    public static ZeroTrustClientFilter propagating(ServletRequest request) {
        Objects.requireNonNull(request, "request");
        return new ZeroTrustClientFilter(() -> {
            Object ctx = request.getAttribute(ZeroTrustContext.ATTRIBUTE);
            if (!(ctx instanceof ZeroTrustContext)) {
                throw new IllegalStateException("no zt-verified caller on this request: nothing to propagate");
            }
            return ((ZeroTrustContext) ctx).bearerToken();
        });
    }

    /** Sends the token a supplier gives (e.g. from an injected {@link ZeroTrustContext}). */
    public static ZeroTrustClientFilter of(Supplier<String> token) {
        return new ZeroTrustClientFilter(Objects.requireNonNull(token, "token"));
    }

    @Override
    public void filter(ClientRequestContext request) {
        String t = token.get();
        if (t == null || t.isEmpty()) {
            throw new IllegalStateException("no token to attach to the outbound call");
        }
        request.getHeaders().putSingle(HttpHeaders.AUTHORIZATION, "Bearer " + t);
    }
}
