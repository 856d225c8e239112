package dev.zt.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
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
public final class IssuerConfig {

    /** Key source kinds an issuer can be configured with. */
    public enum KeySourceKind {
        /** A JWK Set ({@code https:}, {@code http:} loopback, {@code file:} or {@code classpath:}). */
        JWKS,
        /** A PEM public key or certificate. */
        PUBLIC_KEY,
        /** An HMAC secret from the environment or a local file. */
        SECRET,
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

    private final String name;
    private final Type type;
    private final Set<TrustedClaim> trustedClaims;
    private final String issuer;
    private final Set<String> audiences;
    private final Set<String> algorithms;
    private final URI jwksUri;
    private final String publicKey;
    private final String secret;
    private final String rolesClaim;
    private final List<String> scopeClaims;
    private final Duration clockSkew;
    private final String typ;
    private final Set<String> logoutAudiences;

    IssuerConfig(String name, Type type, Set<TrustedClaim> trustedClaims, String issuer, Set<String> audiences,
            Set<String> algorithms, URI jwksUri, String publicKey, String secret, String rolesClaim,
            List<String> scopeClaims, Duration clockSkew, String typ, Set<String> logoutAudiences) {
        this.name = Objects.requireNonNull(name);
        this.type = Objects.requireNonNull(type);
        this.trustedClaims = trustedClaims.isEmpty() ? Set.of() : Set.copyOf(trustedClaims);
        this.issuer = Objects.requireNonNull(issuer);
        this.audiences = Set.copyOf(audiences);
        this.algorithms = Set.copyOf(algorithms);
        this.jwksUri = jwksUri;
        this.publicKey = publicKey;
        this.secret = secret;
        this.rolesClaim = Objects.requireNonNull(rolesClaim);
        this.scopeClaims = List.copyOf(scopeClaims);
        this.clockSkew = Objects.requireNonNull(clockSkew);
        this.typ = typ;
        this.logoutAudiences = Set.copyOf(logoutAudiences);
    }

    /**
     * An issuer defined in code rather than by configuration keys (e.g. zt's own session issuer); its keys come from a
     * {@code KeySource} given to the verifier.
     */
    public static IssuerConfig programmatic(String name, String issuer, Set<String> audiences, Set<String> algorithms,
            String rolesClaim, List<String> scopeClaims, Duration clockSkew, String typ) {
        return new IssuerConfig(name, Type.USER, Set.of(TrustedClaim.values()), issuer, audiences, algorithms, null,
                null, null, rolesClaim, scopeClaims, clockSkew, typ, Set.of());
    }

    /** The configured name ({@code default} for the single-issuer shortcut keys). */
    public String name() {
        return name;
    }

    /** Whether the issuer speaks for users or for itself ({@code zt.issuers.<name>.type}). */
    public Type type() {
        return type;
    }

    /**
     * The kinds of claims believed from this issuer ({@code zt.issuers.<name>.claims-trusted}; default every kind for
     * user issuers, none for service issuers).
     */
    public Set<TrustedClaim> trustedClaims() {
        return trustedClaims;
    }

    /** True when claims of the kind are believed from this issuer. */
    public boolean trusts(TrustedClaim kind) {
        return trustedClaims.contains(kind);
    }

    /** The exact {@code iss} value. */
    public String issuer() {
        return issuer;
    }

    /** Audiences accepted: a token's {@code aud} must contain at least one. */
    public Set<String> audiences() {
        return audiences;
    }

    /** JWS algorithms accepted from this issuer. */
    public Set<String> algorithms() {
        return algorithms;
    }

    /** Which kind of key source is configured. */
    public KeySourceKind keySourceKind() {
        if (jwksUri != null) {
            return KeySourceKind.JWKS;
        }
        if (publicKey != null) {
            return KeySourceKind.PUBLIC_KEY;
        }
        if (secret != null) {
            return KeySourceKind.SECRET;
        }
        return KeySourceKind.PROGRAMMATIC;
    }

    /** The JWK Set location, when configured. */
    public Optional<URI> jwksUri() {
        return Optional.ofNullable(jwksUri);
    }

    /** The PEM public key location ({@code file:} path or {@code classpath:} resource), when configured. */
    public Optional<String> publicKey() {
        return Optional.ofNullable(publicKey);
    }

    /** The secret reference ({@code env:NAME} or {@code file:path}), when configured; never the secret itself. */
    public Optional<String> secretReference() {
        return Optional.ofNullable(secret);
    }

    /** The claim holding roles; dots separate a path into nested objects (e.g. {@code realm_access.roles}). */
    public String rolesClaim() {
        return rolesClaim;
    }

    /** The claims holding scopes, tried in order: a space-separated string or an array of strings. */
    public List<String> scopeClaims() {
        return scopeClaims;
    }

    /** Tolerance for clock differences when checking {@code exp}, {@code nbf} and {@code iat}. */
    public Duration clockSkew() {
        return clockSkew;
    }

    /** The required {@code typ} header (e.g. {@code at+jwt}), when configured. */
    public Optional<String> typ() {
        return Optional.ofNullable(typ);
    }

    /**
     * The audiences of this issuer's back-channel logout tokens (the client id the application is registered under at
     * the identity provider); empty when the issuer may not end sessions by back-channel logout (OpenID Connect
     * Back-Channel Logout 1.0, section 2.4).
     */
    public Set<String> logoutAudiences() {
        return logoutAudiences;
    }

    @Override
    public String toString() {
        return "IssuerConfig[" + name + " (" + type.name().toLowerCase(java.util.Locale.ROOT) + "): " + issuer
                + ", keys " + keySourceKind() + ", algorithms " + algorithms
                + ", audiences " + audiences + "]";
    }
}
