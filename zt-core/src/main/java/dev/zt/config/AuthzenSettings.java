package dev.zt.config;

import com.google.auto.value.AutoValue;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * The AuthZEN policy decision point zt asks for resource-level decisions ({@code zt.authzen.*}, OpenID AuthZEN
 * Authorization API 1.0): where it is, how zt authenticates to it, how long zt waits, how many calls may be in flight,
 * how long a decision is cached, and whether its decisions are enforced or only compared ({@code shadow}). Immutable;
 * built and validated by {@link ZtConfig}.
 */
@AutoValue
public abstract class AuthzenSettings {

    AuthzenSettings() {
    }

    static AuthzenSettings from(Resolver r, boolean allowHttp) {
        String pdpValue = Resolver.blankToNull(r.values.get(ConfigKeys.AUTHZEN_PDP));
        URI pdp = null;
        if (pdpValue != null) {
            try {
                pdp = new URI(pdpValue.endsWith("/") ? pdpValue.substring(0, pdpValue.length() - 1) : pdpValue);
            } catch (URISyntaxException e) {
                throw r.bad(ConfigKeys.AUTHZEN_PDP, pdpValue, "is not a URI");
            }
            String scheme = pdp.getScheme() == null ? "" : pdp.getScheme().toLowerCase(Locale.ROOT);
            if (pdp.getHost() == null || pdp.getQuery() != null || pdp.getFragment() != null || pdp.getUserInfo() != null
                    || !scheme.equals("https") && !(scheme.equals("http") && (allowHttp || Issuers.isLoopback(
                    pdp.getHost())))) {
                throw r.bad(ConfigKeys.AUTHZEN_PDP, pdpValue, "must be the PDP's https: base URL (http: for loopback"
                        + " hosts only), without user, query or fragment");
            }
        }
        Duration timeout = r.positiveDuration(ConfigKeys.AUTHZEN_TIMEOUT);
        if (timeout.compareTo(Duration.ofSeconds(30)) > 0) {
            throw r.bad(ConfigKeys.AUTHZEN_TIMEOUT, Durations.format(timeout), "must not exceed 30s: a request waits"
                    + " for it");
        }
        String mode = r.raw(ConfigKeys.AUTHZEN_MODE, ConfigKeys.GLOBAL.get(ConfigKeys.AUTHZEN_MODE))
                .toLowerCase(Locale.ROOT);
        if (!mode.equals("enforce") && !mode.equals("shadow")) {
            throw r.bad(ConfigKeys.AUTHZEN_MODE, mode, "must be enforce or shadow");
        }
        Duration cacheTtl = r.duration(ConfigKeys.AUTHZEN_CACHE_TTL);
        if (cacheTtl.compareTo(Duration.ofMinutes(5)) > 0) {
            throw r.bad(ConfigKeys.AUTHZEN_CACHE_TTL, Durations.format(cacheTtl), "must not exceed 5m: a cached"
                    + " decision outlives a policy change that long");
        }
        long cacheMax = r.longValue(ConfigKeys.AUTHZEN_CACHE_MAX, 0, 10_000_000L);
        int maxConcurrent = r.intValue(ConfigKeys.AUTHZEN_MAX_CONCURRENT, 1, 10_000);
        String secret = Resolver.blankToNull(r.values.get(ConfigKeys.AUTHZEN_SECRET));
        r.requireSecretReference(ConfigKeys.AUTHZEN_SECRET, secret, "the bearer token zt presents to the PDP");
        if (pdp == null && secret != null) {
            throw new ConfigurationException(ConfigKeys.AUTHZEN_SECRET, "'" + ConfigKeys.AUTHZEN_SECRET + "' is set"
                    + " without '" + ConfigKeys.AUTHZEN_PDP + "'");
        }
        String certificate = Resolver.blankToNull(r.values.get(ConfigKeys.AUTHZEN_TLS_CERTIFICATE));
        String key = Resolver.blankToNull(r.values.get(ConfigKeys.AUTHZEN_TLS_KEY));
        String ca = Resolver.blankToNull(r.values.get(ConfigKeys.AUTHZEN_TLS_CA));
        if ((certificate == null) != (key == null)) {
            throw new ConfigurationException(ConfigKeys.AUTHZEN_TLS_CERTIFICATE, "a client certificate for the PDP"
                    + " needs both '" + ConfigKeys.AUTHZEN_TLS_CERTIFICATE + "' and '" + ConfigKeys.AUTHZEN_TLS_KEY
                    + "'");
        }
        r.requireSecretReference(ConfigKeys.AUTHZEN_TLS_KEY, key, "the PEM private key of the client certificate");
        requireFile(r, ConfigKeys.AUTHZEN_TLS_CERTIFICATE, certificate);
        requireFile(r, ConfigKeys.AUTHZEN_TLS_CA, ca);
        if (pdp == null && (certificate != null || ca != null)) {
            String tlsKey = certificate != null ? ConfigKeys.AUTHZEN_TLS_CERTIFICATE : ConfigKeys.AUTHZEN_TLS_CA;
            throw new ConfigurationException(tlsKey, "'" + tlsKey + "' is set without '" + ConfigKeys.AUTHZEN_PDP
                    + "'");
        }
        String tokenEndpointValue = Resolver.blankToNull(r.values.get(ConfigKeys.AUTHZEN_TOKEN_ENDPOINT));
        String clientId = Resolver.blankToNull(r.values.get(ConfigKeys.AUTHZEN_CLIENT_ID));
        URI tokenEndpoint = null;
        if (tokenEndpointValue != null || clientId != null) {
            if (tokenEndpointValue == null || clientId == null || secret == null && certificate == null) {
                throw new ConfigurationException(ConfigKeys.AUTHZEN_TOKEN_ENDPOINT, "client credentials for the PDP"
                        + " need '" + ConfigKeys.AUTHZEN_TOKEN_ENDPOINT + "', '" + ConfigKeys.AUTHZEN_CLIENT_ID
                        + "' and '" + ConfigKeys.AUTHZEN_SECRET + "' (the client secret) or '"
                        + ConfigKeys.AUTHZEN_TLS_CERTIFICATE + "' (RFC 8705 tls_client_auth)");
            }
            tokenEndpoint = Issuers.jwksUri(r, ConfigKeys.AUTHZEN_TOKEN_ENDPOINT, tokenEndpointValue, allowHttp);
            if (!tokenEndpoint.getScheme().startsWith("http")) {
                throw r.bad(ConfigKeys.AUTHZEN_TOKEN_ENDPOINT, tokenEndpointValue, "must be an https: URL");
            }
        }
        return new AutoValue_AuthzenSettings(Optional.ofNullable(pdp), timeout, mode.equals("shadow"), cacheTtl,
                cacheMax, maxConcurrent, Optional.ofNullable(secret), Optional.ofNullable(tokenEndpoint),
                Optional.ofNullable(clientId), Optional.ofNullable(certificate), Optional.ofNullable(key),
                Optional.ofNullable(ca));
    }

    private static void requireFile(Resolver r, String key, String value) {
        if (value != null && (!value.startsWith("file:") || value.length() == 5)) {
            throw r.bad(key, value, "must be file:path of a PEM file");
        }
    }

    /** The PDP's base URL ({@code zt.authzen.pdp}); empty: no PDP, permission requirements fail start-up. */
    public abstract Optional<URI> pdp();

    /** How long a request waits for the PDP's answer, connection included ({@code zt.authzen.timeout}). */
    public abstract Duration timeout();

    /** True when decisions are only compared with the local ones and logged ({@code zt.authzen.mode=shadow}). */
    public abstract boolean shadow();

    /** How long a decision is cached, never past the token's {@code exp} ({@code zt.authzen.cache.ttl}; 0: off). */
    public abstract Duration cacheTtl();

    /** The bound of the decision cache ({@code zt.authzen.cache.max-entries}; 0: off). */
    public abstract long cacheMaxEntries();

    /** Calls to the PDP in flight at once; more fail closed at once ({@code zt.authzen.max-concurrent}). */
    public abstract int maxConcurrent();

    /**
     * The reference ({@code env:}/{@code file:}) of the secret ({@code zt.authzen.secret}): the bearer token zt sends
     * the PDP, or with {@link #tokenEndpoint()} the client secret of the client credentials grant.
     */
    public abstract Optional<String> secretReference();

    /**
     * The token endpoint zt obtains its PDP access token at with the client credentials grant (RFC 6749 section 4.4,
     * {@code zt.authzen.token-endpoint}).
     */
    public abstract Optional<URI> tokenEndpoint();

    /**
     * The client id of that grant ({@code zt.authzen.client-id}); with a {@link #tlsCertificate()} and no secret, the
     * grant authenticates with the certificate (RFC 8705 section 2, {@code tls_client_auth}).
     */
    public abstract Optional<String> clientId();

    /**
     * {@code file:} the PEM certificate chain zt presents to the PDP and its token endpoint, mutual TLS ({@code
     * zt.authzen.tls.certificate}); reread when the file changes.
     */
    public abstract Optional<String> tlsCertificate();

    /** The reference ({@code env:}/{@code file:}) of that certificate's PEM PKCS#8 private key ({@code zt.authzen.tls.key}). */
    public abstract Optional<String> tlsKeyReference();

    /** {@code file:} the PEM CA certificates the PDP's server certificate must chain to ({@code zt.authzen.tls.ca-file}). */
    public abstract Optional<String> tlsCaFile();
}
