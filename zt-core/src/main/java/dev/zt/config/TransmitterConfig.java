package dev.zt.config;

import com.google.auto.value.AutoValue;
import dev.zt.lang.Nullable;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * How zt receives security events from one OpenID Shared Signals Framework 1.0 transmitter
 * ({@code zt.ssf.transmitters.<name>.<key>}): its exact {@code iss}, its keys, the audience its Security Event Tokens
 * (RFC 8417) must carry, the delivery (push, RFC 8935, or poll, RFC 8936), and the issuer whose subjects its events
 * name. Immutable; built and validated by {@link ZtConfig}.
 *
 * <p>Security notes: {@code iss} is compared exactly and {@code aud} must contain {@link #audiences()} (RFC 8417
 * section 2.2); only asymmetric algorithms are accepted (a transmitter's keys are public); a push must carry the
 * configured {@code Authorization} value (RFC 8935 section 2), compared in constant time; secrets are references
 * ({@code env:}, {@code file:}), never values in configuration.
 */
@AutoValue
public abstract class TransmitterConfig {

    /** How the transmitter delivers its Security Event Tokens. */
    public enum Delivery {
        /** The transmitter POSTs each SET to zt's push endpoint (RFC 8935). */
        PUSH,
        /** zt polls the transmitter's poll endpoint (RFC 8936). */
        POLL
    }

    TransmitterConfig() {
    }

    static Builder builder() {
        return new AutoValue_TransmitterConfig.Builder();
    }

    /** The configured name ({@code zt.ssf.transmitters.<name>.*}). */
    public abstract String name();

    /** The exact {@code iss} of the transmitter's SETs. */
    public abstract String issuer();

    /** The JWK Set of the transmitter's signing keys; empty: the {@code jwks_uri} of its SSF configuration. */
    public abstract Optional<URI> jwksUri();

    /** The audiences a SET must carry one of (this receiver, as the stream names it). */
    public abstract Set<String> audiences();

    /** Push or poll. */
    public abstract Delivery delivery();

    /** The reference ({@code env:}/{@code file:}) of the {@code Authorization} value a push must carry. */
    public abstract Optional<String> pushAuthorizationReference();

    /** The OAuth client zt authenticates as at the transmitter (poll, stream management). */
    public abstract Optional<String> clientId();

    /** The reference ({@code env:}/{@code file:}) of that client's secret. */
    public abstract Optional<String> clientSecretReference();

    /** The scopes zt asks the token endpoint for (stream management and polling). */
    public abstract Set<String> scopes();

    /** The token endpoint for the client credentials; empty: the one of the issuer's OpenID configuration. */
    public abstract Optional<URI> tokenEndpoint();

    /** The configured issuer (by name) whose {@code sub} the transmitter's {@code email}/{@code opaque} subjects name. */
    public abstract String subjectsIssuer();

    /** The JWS algorithms the transmitter may sign with. */
    public abstract Set<String> algorithms();

    /** How long the poller waits between polls that returned nothing. */
    public abstract Duration pollInterval();

    /** zt's push endpoint as the transmitter reaches it, to register a push stream when there is none. */
    public abstract Optional<URI> pushEndpoint();

    @AutoValue.Builder
    abstract static class Builder {
        abstract Builder name(String v);

        abstract Builder issuer(String v);

        abstract Builder jwksUri(@Nullable URI v);

        abstract Builder audiences(Set<String> v);

        abstract Builder delivery(Delivery v);

        abstract Builder pushAuthorizationReference(@Nullable String v);

        abstract Builder clientId(@Nullable String v);

        abstract Builder clientSecretReference(@Nullable String v);

        abstract Builder scopes(Set<String> v);

        abstract Builder tokenEndpoint(@Nullable URI v);

        abstract Builder subjectsIssuer(String v);

        abstract Builder algorithms(Set<String> v);

        abstract Builder pollInterval(Duration v);

        abstract Builder pushEndpoint(@Nullable URI v);

        abstract TransmitterConfig build();
    }
}
