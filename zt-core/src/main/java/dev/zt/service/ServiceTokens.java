package dev.zt.service;

import java.net.http.HttpRequest;

/**
 * Mints this service's own tokens for calls to other services: internal calls carry tokens too (NIST SP 800-207, no
 * trusted network). A token names this service ({@code zt.service.id}) as {@code iss} and {@code sub}, the target as
 * {@code aud}, lives {@code zt.service.token-lifetime} (60 s by default), and is signed with
 * {@code zt.service.signing-key}. Tokens are cached per audience until 80 % of their life has passed. Obtained from
 * {@code ZeroTrust.serviceTokens()}.
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

    /** Adds {@code Authorization: Bearer <service token>} for {@code audience} to a {@code java.net.http} request. */
    default HttpRequest.Builder authorize(HttpRequest.Builder request, String audience) {
        return request.setHeader("Authorization", "Bearer " + tokenFor(audience));
    }
}
