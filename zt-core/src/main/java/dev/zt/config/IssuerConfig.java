package dev.zt.config;

import com.google.auto.value.AutoValue;
import dev.zt.lang.Nullable;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * How zt trusts one issuer: its exact {@code iss}, its keys, the audience its tokens must carry, the algorithms it
 * may use, its clock skew, its {@code typ} and how its roles and scopes are read. Immutable; built and validated by
 * {@link ZtConfig}.
 *
 * <p>Security notes: {@code iss} is compared exactly (RFC 7519 section 4.1.1, no normalisation, no prefix match); the
 * algorithm allowlist is per issuer (RFC 8725 section 3.1); {@code aud} must contain {@link #audiences()} (RFC 7519
 * section 4.1.3, RFC 9068 section 4); {@code typ} is checked when configured (RFC 8725 section 3.11, RFC 9068 uses
 * {@code at+jwt}).
 */
@AutoValue
public abstract class IssuerConfig {

    /** Key source kinds an issuer can be configured with. */
    public enum KeySourceKind {
        /** A JWK Set ({@code https:}, {@code http:} loopback, {@code file:} or {@code classpath:}). */
        JWKS,
        /** A PEM public key or certificate. */
        PUBLIC_KEY,
        /** An HMAC secret from the environment or a local file. */
        SECRET,
        /**
         * None configured for a login provider ({@code client-id}): the JWK Set at the {@code jwks_uri} of the
         * issuer's discovery document ({@code {iss}/.well-known/openid-configuration}).
         */
        DISCOVERY,
        /** None configured: a {@code KeySource} must be supplied programmatically. */
        PROGRAMMATIC
    }

    /**
     * What an issuer vouches for. A {@link #USER} issuer is an identity provider authenticating people; a
     * {@link #SERVICE} issuer is a workload speaking for itself (its tokens' {@code sub} must equal its {@code iss}),
     * whose tokens are never exchanged for user sessions.
     */
    public enum Type {
        /** An identity provider for users (the default). */
        USER,
        /** A service that issues tokens for itself only. */
        SERVICE
    }

    /**
     * The claims zt believes from an issuer beyond its own identity ({@code iss}, {@code sub}, {@code aud}, times):
     * claims of an untrusted kind are dropped from the verified token's typed view, so a service issuer cannot mint
     * {@code roles=[admin]} or {@code acr=mfa} for anyone.
     */
    public enum TrustedClaim {
        /** The roles claim ({@code roles-claim}). */
        ROLES,
        /** The scope claims ({@code scope-claim}). */
        SCOPES,
        /** The authentication claims {@code acr}, {@code amr} and {@code auth_time} (OpenID Connect Core 2). */
        ACR
    }

    /**
     * Whether an issuer's tokens may or must be DPoP-bound ({@code zt.issuers.<name>.dpop}, RFC 9449). Whatever the
     * policy, a token bound to a key ({@code cnf.jkt}) is accepted only with a valid proof of that key.
     */
    public enum DpopPolicy {
        /** DPoP is refused: the {@code DPoP} scheme and DPoP-bound tokens are refused for this issuer. */
        OFF,
        /** Bound tokens need a proof; unbound tokens are bearer tokens (the default). */
        ALLOWED,
        /** Every token must be DPoP-bound and presented with a proof; bearer tokens are refused. */
        REQUIRED
    }

    IssuerConfig() {
    }

    static Builder builder() {
        return new AutoValue_IssuerConfig.Builder().logoutAudiences(Set.of()).dpop(DpopPolicy.ALLOWED);
    }

    /**
     * An issuer defined in code rather than by configuration keys (e.g. zt's own session issuer); its keys come from a
     * {@code KeySource} given to the verifier.
     */
    public static IssuerConfig programmatic(String name, String issuer, Set<String> audiences, Set<String> algorithms,
            String rolesClaim, List<String> scopeClaims, Duration clockSkew, String typ) {
        return builder().name(name).type(Type.USER).trustedClaims(Set.of(TrustedClaim.values())).issuer(issuer)
                .audiences(audiences).algorithms(algorithms).rolesClaim(rolesClaim).scopeClaims(scopeClaims)
                .clockSkew(clockSkew).typ(typ).build();
    }

    /** The configured name ({@code default} for the single-issuer shortcut keys). */
    public abstract String name();

    /** Whether the issuer speaks for users or for itself ({@code zt.issuers.<name>.type}). */
    public abstract Type type();

    /**
     * The kinds of claims believed from this issuer ({@code zt.issuers.<name>.claims-trusted}; default every kind for
     * user issuers, none for service issuers).
     */
    public abstract Set<TrustedClaim> trustedClaims();

    /** True when claims of the kind are believed from this issuer. */
    public boolean trusts(TrustedClaim kind) {
        return trustedClaims().contains(kind);
    }

    /** The exact {@code iss} value. */
    public abstract String issuer();

    /** Audiences accepted: a token's {@code aud} must contain at least one. */
    public abstract Set<String> audiences();

    /** JWS algorithms accepted from this issuer. */
    public abstract Set<String> algorithms();

    /** Which kind of key source is configured. */
    public KeySourceKind keySourceKind() {
        if (jwksUri().isPresent()) {
            return KeySourceKind.JWKS;
        }
        if (publicKey().isPresent()) {
            return KeySourceKind.PUBLIC_KEY;
        }
        if (secretReference().isPresent()) {
            return KeySourceKind.SECRET;
        }
        return clientId().isPresent() ? KeySourceKind.DISCOVERY : KeySourceKind.PROGRAMMATIC;
    }

    /** The JWK Set location, when configured. */
    public abstract Optional<URI> jwksUri();

    /** The PEM public key location ({@code file:} path or {@code classpath:} resource), when configured. */
    public abstract Optional<String> publicKey();

    /** The secret reference ({@code env:NAME} or {@code file:path}), when configured; never the secret itself. */
    public abstract Optional<String> secretReference();

    /** The claim holding roles; dots separate a path into nested objects (e.g. {@code realm_access.roles}). */
    public abstract String rolesClaim();

    /** The claims holding scopes, tried in order: a space-separated string or an array of strings. */
    public abstract List<String> scopeClaims();

    /** Tolerance for clock differences when checking {@code exp}, {@code nbf} and {@code iat}. */
    public abstract Duration clockSkew();

    /** The required {@code typ} header (e.g. {@code at+jwt}), when configured. */
    public abstract Optional<String> typ();

    /**
     * The audiences of this issuer's back-channel logout tokens (the client id the application is registered under at
     * the identity provider); empty when the issuer may not end sessions by back-channel logout (OpenID Connect
     * Back-Channel Logout 1.0, section 2.4).
     */
    public abstract Set<String> logoutAudiences();

    /**
     * The client id zt logs users in with at this issuer ({@code zt.issuers.<name>.client-id}), when it is a login
     * provider (OpenID Connect Core 1.0, section 3.1): its ID tokens are issued for this audience, which is never one
     * of {@link #audiences()}, so that an ID token cannot pass for an access token.
     */
    public abstract Optional<String> clientId();

    /**
     * The reference ({@code env:NAME} or {@code file:path}) of the client secret zt authenticates with at the token
     * endpoint ({@code client_secret_basic}, RFC 6749 section 2.3.1); never the secret itself.
     */
    public abstract Optional<String> clientSecretReference();

    /**
     * The location ({@code file:} or {@code classpath:}) of the private key zt authenticates with at the token endpoint
     * instead of a secret ({@code private_key_jwt}: a signed client assertion, RFC 7523 section 2.2, OpenID Connect
     * Core 1.0 section 9).
     */
    public abstract Optional<String> clientKeyLocation();

    /** Whether this issuer's tokens may or must be DPoP-bound ({@code zt.issuers.<name>.dpop}). */
    public abstract DpopPolicy dpop();

    @Override
    public final String toString() {
        return "IssuerConfig[" + name() + " (" + type().name().toLowerCase(Locale.ROOT) + "): " + issuer()
                + ", keys " + keySourceKind() + ", algorithms " + algorithms() + ", audiences " + audiences() + "]";
    }

    @AutoValue.Builder
    abstract static class Builder {
        abstract Builder name(String v);

        abstract Builder type(Type v);

        abstract Builder trustedClaims(Set<TrustedClaim> v);

        abstract Builder issuer(String v);

        abstract Builder audiences(Set<String> v);

        abstract Builder algorithms(Set<String> v);

        abstract Builder jwksUri(@Nullable URI v);

        abstract Builder publicKey(@Nullable String v);

        abstract Builder secretReference(@Nullable String v);

        abstract Builder rolesClaim(String v);

        abstract Builder scopeClaims(List<String> v);

        abstract Builder clockSkew(Duration v);

        abstract Builder typ(@Nullable String v);

        abstract Builder logoutAudiences(Set<String> v);

        abstract Builder clientId(@Nullable String v);

        abstract Builder clientSecretReference(@Nullable String v);

        abstract Builder clientKeyLocation(@Nullable String v);

        abstract Builder dpop(DpopPolicy v);

        abstract Set<TrustedClaim> trustedClaims();

        abstract Set<String> audiences();

        abstract Set<String> algorithms();

        abstract List<String> scopeClaims();

        abstract Set<String> logoutAudiences();

        abstract IssuerConfig autoBuild();

        IssuerConfig build() {
            return trustedClaims(Set.copyOf(trustedClaims())).audiences(Set.copyOf(audiences()))
                    .algorithms(Set.copyOf(algorithms())).scopeClaims(List.copyOf(scopeClaims()))
                    .logoutAudiences(Set.copyOf(logoutAudiences())).autoBuild();
        }
    }
}
