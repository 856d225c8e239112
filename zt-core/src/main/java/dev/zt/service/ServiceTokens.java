package dev.zt.service;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Optional;

/**
 * Mints this service's own tokens for calls to other services: internal calls carry tokens too (NIST SP 800-207, no
 * trusted network). A token names this service ({@code zt.service.id}) as {@code iss} and {@code sub}, the target as
 * {@code aud}, lives {@code zt.service.token-lifetime} (60 s by default), and is signed with
 * {@code zt.service.signing-key}. Tokens are cached per audience until 80 % of their life has passed. Obtained from
 * {@code ZeroTrust.serviceTokens()}.
 *
 * <p>With {@code zt.service.dpop-key} the tokens are DPoP-bound (RFC 9449: {@code cnf.jkt} names that key) and every
 * call carries a proof signed with it, so a token copied from a call, a log or a proxy is worthless to anyone else.
 *
 * <p>The receiving service trusts this one like any issuer: {@code zt.issuers.<name>.issuer} = this service's id,
 * {@code type} = {@code service}, {@code public-key} = its public key, {@code audience} = its own name.
 *
 * <pre>{@code
 * HttpRequest request = serviceTokens.authorize(HttpRequest.newBuilder(uri), "api://reports").GET().build();
 * }</pre>
 */
public interface ServiceTokens {

    /** A token for calls to {@code audience}, from the cache while less than 80 % of its life has passed. */
    String tokenFor(String audience);

    /** This service's id ({@code iss} and {@code sub} of its tokens). */
    String serviceId();

    /**
     * True when this service's tokens are DPoP-bound ({@code zt.service.dpop-key}): each call must then carry a proof,
     * so use {@link #authorize(HttpRequest.Builder, String, String, URI)} or {@link #proof}.
     */
    default boolean dpopBound() {
        return false;
    }

    /**
     * A DPoP proof (RFC 9449 section 4.2) for one call of {@code method} to {@code url} with {@code token}, signed with
     * {@code zt.service.dpop-key}; empty when this service's tokens are not DPoP-bound. A proof is good for one
     * request: make a new one for each.
     */
    default Optional<String> proof(String method, URI url, String token) {
        return Optional.empty();
    }

    /**
     * Adds {@code Authorization: Bearer <service token>} for {@code audience} to a {@code java.net.http} request.
     *
     * @throws IllegalStateException when the tokens are DPoP-bound: a bearer presentation would be refused, use
     *     {@link #authorize(HttpRequest.Builder, String, String, URI)}
     */
    default HttpRequest.Builder authorize(HttpRequest.Builder request, String audience) {
        if (dpopBound()) {
            throw new IllegalStateException("this service's tokens are DPoP-bound (zt.service.dpop-key): name the"
                    + " method and URL, authorize(request, audience, method, url), so that a proof goes with them");
        }
        return request.setHeader("Authorization", "Bearer " + tokenFor(audience));
    }

    /**
     * Adds this service's token for {@code audience} to a {@code java.net.http} request of {@code method} to
     * {@code url}: {@code Authorization: DPoP} with a fresh {@code DPoP} proof when the tokens are DPoP-bound, else
     * {@code Authorization: Bearer}.
     */
    default HttpRequest.Builder authorize(HttpRequest.Builder request, String audience, String method, URI url) {
        String token = tokenFor(audience);
        Optional<String> proof = proof(method, url, token);
        if (proof.isEmpty()) {
            return request.setHeader("Authorization", "Bearer " + token);
        }
        return request.setHeader("Authorization", "DPoP " + token).setHeader("DPoP", proof.get());
    }
}
