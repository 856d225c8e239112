package dev.zt.filter.internal.oidc;

import dev.zt.internal.net.JsonHttp;
import dev.zt.config.JwksSettings;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The login issuer's discovery document ({@code {issuer}/.well-known/openid-configuration}, OpenID Connect Discovery
 * 1.0, section 4), fetched when first needed and cached like the JWKS: fresh for the answer's {@code max-age} within
 * {@code zt.jwks.min-ttl} and {@code zt.jwks.max-ttl} (else {@code zt.jwks.default-ttl}); when a refresh fails the
 * last good document serves for up to {@code zt.jwks.max-stale}, and a failed fetch is not retried before
 * {@code zt.jwks.min-refresh-interval} (an outage costs each login one quick refusal, not a wait). One document, one
 * fetch at a time. Fails closed: no good document, no login.
 */
final class Discovery {

    private static final System.Logger LOG = System.getLogger("dev.zt.filter");

    /** The document could not be had. */
    static final class UnavailableException extends Exception {
        private static final long serialVersionUID = 1L;

        UnavailableException(String message) {
            super(message, null, false, false);
        }
    }

    private final String issuer;
    private final URI location;
    private final JsonHttp http;
    private final JwksSettings jwks;
    private final Clock clock;

    private ProviderMetadata document;
    private Instant fetchedAt;
    private Instant freshUntil = Instant.MIN;
    private Instant lastFailure;
    private String lastProblem;

    Discovery(String issuer, JsonHttp http, JwksSettings jwks, Clock clock) {
        this.issuer = issuer;
        this.location = URI.create((issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer)
                + "/.well-known/openid-configuration");
        this.http = http;
        this.jwks = jwks;
        this.clock = clock;
    }

    /** Where the document is read from. */
    URI location() {
        return location;
    }

    /** The current document. */
    synchronized ProviderMetadata get() throws UnavailableException {
        Instant now = clock.instant();
        if (document != null && now.isBefore(freshUntil)) {
            return document;
        }
        if (lastFailure != null && now.isBefore(lastFailure.plus(jwks.minRefreshInterval()))) {
            return staleOrFail(now);
        }
        try {
            JsonHttp.Answer a = http.get(location);
            if (a.status != 200) {
                throw new IOException("HTTP status " + a.status);
            }
            ProviderMetadata fresh = ProviderMetadata.parse(a.body, issuer, jwks.allowHttp());
            document = fresh;
            fetchedAt = now;
            freshUntil = now.plus(ttl(a.cacheControl));
            lastFailure = null;
            return fresh;
        } catch (IOException | IllegalArgumentException e) {
            lastFailure = now;
            lastProblem = e.getMessage();
            LOG.log(Level.ERROR, "zt cannot read the discovery document {0} ({1}); browser logins {2}", location,
                    e.getMessage(), document == null ? "are refused" : "use the last good one");
            return staleOrFail(now);
        }
    }

    private ProviderMetadata staleOrFail(Instant now) throws UnavailableException {
        if (document != null && now.isBefore(fetchedAt.plus(jwks.maxStale()))) {
            return document;
        }
        throw new UnavailableException("the discovery document " + location + " is unavailable (" + lastProblem
                + ")");
    }

    private Duration ttl(String cacheControl) {
        Duration maxAge = dev.zt.internal.net.HttpCalls.maxAge(cacheControl);
        if (maxAge == null) {
            return jwks.defaultTtl();
        }
        return maxAge.compareTo(jwks.minTtl()) < 0 ? jwks.minTtl()
                : maxAge.compareTo(jwks.maxTtl()) > 0 ? jwks.maxTtl() : maxAge;
    }
}
