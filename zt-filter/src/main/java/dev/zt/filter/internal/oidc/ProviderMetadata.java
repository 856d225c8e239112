package dev.zt.filter.internal.oidc;

import dev.zt.filter.internal.settings.LoginSettings;
import dev.zt.internal.json.StrictJson;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Map;

/**
 * What zt uses of an OpenID Provider's discovery document (OpenID Connect Discovery 1.0, section 3): its exact
 * {@code issuer}, the authorization, token and end-session endpoints, and whether it sends {@code iss} with its
 * authorization responses (RFC 9207). Immutable.
 */
final class ProviderMetadata {

    final URI authorizationEndpoint;
    final URI tokenEndpoint;
    /** Null when the provider has no RP-initiated logout. */
    final URI endSessionEndpoint;
    final boolean issParameter;

    private ProviderMetadata(URI authorization, URI token, URI endSession, boolean issParameter) {
        this.authorizationEndpoint = authorization;
        this.tokenEndpoint = token;
        this.endSessionEndpoint = endSession;
        this.issParameter = issParameter;
    }

    /**
     * Reads and checks a discovery document: {@code issuer} must be exactly the configured issuer (section 4.3, else
     * an attacker's document could pass for it), the endpoints absolute https (or loopback http) URLs, and PKCE with
     * {@code S256} supported when the document says which methods are.
     *
     * @throws IllegalArgumentException saying what is wrong (no secret is involved)
     */
    static ProviderMetadata parse(String json, String issuer, boolean allowHttp) {
        Map<String, Object> doc;
        try {
            doc = StrictJson.parseObject(json);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the discovery document is not a JSON object");
        }
        if (!issuer.equals(doc.get("issuer"))) {
            throw new IllegalArgumentException("the discovery document's issuer is not exactly " + issuer);
        }
        Object methods = doc.get("code_challenge_methods_supported");
        if (methods != null && !(methods instanceof List && ((List<?>) methods).contains("S256"))) {
            throw new IllegalArgumentException("the provider does not support PKCE with S256 (RFC 7636)");
        }
        Object responseTypes = doc.get("response_types_supported");
        if (responseTypes instanceof List && !((List<?>) responseTypes).contains("code")) {
            throw new IllegalArgumentException("the provider does not support response_type code");
        }
        return new ProviderMetadata(endpoint(doc, "authorization_endpoint", true, allowHttp),
                endpoint(doc, "token_endpoint", true, allowHttp), endpoint(doc, "end_session_endpoint", false,
                allowHttp), Boolean.TRUE.equals(doc.get("authorization_response_iss_parameter_supported")));
    }

    private static URI endpoint(Map<String, Object> doc, String name, boolean required, boolean allowHttp) {
        Object v = doc.get(name);
        if (v == null && !required) {
            return null;
        }
        if (!(v instanceof String)) {
            throw new IllegalArgumentException("the discovery document has no " + name);
        }
        URI uri;
        try {
            uri = new URI((String) v);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(name + " is not a URI");
        }
        if (!LoginSettings.secureOrLocal(uri, allowHttp) || uri.getFragment() != null) {
            throw new IllegalArgumentException(name + " must be an https: URL without fragment");
        }
        return uri;
    }
}
