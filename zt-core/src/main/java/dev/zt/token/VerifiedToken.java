package dev.zt.token;

import com.google.auto.value.AutoValue;
import dev.zt.lang.Nullable;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A token whose signature, issuer, audience, time claims and revocation state were checked. Immutable and safe to
 * share between threads; every collection is read-only.
 *
 * <p>Typed accessors cover the registered claims (RFC 7519 section 4.1), the OpenID Connect authentication claims
 * ({@code auth_time}, {@code acr}, {@code amr}), the session id ({@code sid}), proof-of-possession confirmation
 * ({@code cnf}, RFC 7800) and the roles and scopes mapped by the issuer's configuration. {@link #claims()} holds
 * every claim as parsed from JSON (strings, {@code Long}/{@code BigInteger}/{@code BigDecimal} numbers, booleans,
 * lists, maps and {@code null}).
 *
 * <p>{@link #toString()} never includes the compact token or the claims.
 */
@AutoValue
public abstract class VerifiedToken {

    VerifiedToken() {
    }

    /** Starts a builder; used by zt's verifier and by tests of code that consumes tokens. */
    public static Builder builder() {
        return new AutoValue_VerifiedToken.Builder().issuerName("default").service(false).audiences(Set.of())
                .amr(List.of()).scopes(Set.of()).roles(Set.of()).claims(Map.of());
    }

    /** A builder holding this token's values, e.g. for a view of it with a lowered {@code acr}. */
    public abstract Builder toBuilder();

    /**
     * A view of this token whose authentication counts as {@code acr} (its {@code acr} claim replaced too), for a
     * subject whose assurance an identity provider reported as lowered since it authenticated.
     */
    public VerifiedToken withAcr(String acr) {
        java.util.Map<String, Object> claims = new java.util.LinkedHashMap<>(claims());
        claims.put("acr", acr);
        return toBuilder().acr(acr).claims(java.util.Collections.unmodifiableMap(claims)).build();
    }

    /** The configured name of the issuer that vouched for this token (e.g. {@code default}). */
    public abstract String issuerName();

    abstract boolean service();

    /**
     * True when a service issuer ({@code zt.issuers.<name>.type=service}) vouched for the token: it speaks for a
     * workload ({@code sub} equals {@code iss}), not for a user, and is never exchanged for a user session.
     */
    public boolean isServiceToken() {
        return service();
    }

    /** The JWS {@code alg} the token was signed with. */
    public abstract String algorithm();

    /** The JWS {@code kid}, when the token named one. */
    public abstract Optional<String> keyId();

    /** {@code iss}, exactly as configured. */
    public abstract String issuer();

    /** {@code sub}, when present. */
    public abstract Optional<String> subject();

    /** {@code aud} as a set (a single string becomes a one-element set). */
    public abstract Set<String> audiences();

    /** {@code exp}; always present on a verified token. */
    public abstract Instant expiresAt();

    /** {@code iat}, when present. */
    public abstract Optional<Instant> issuedAt();

    /** {@code nbf}, when present. */
    public abstract Optional<Instant> notBefore();

    /** {@code auth_time} (OpenID Connect Core section 2): when the user last actively authenticated. */
    public abstract Optional<Instant> authTime();

    /** {@code acr}: the authentication context class reference (e.g. {@code mfa}), used for step-up (RFC 9470). */
    public abstract Optional<String> acr();

    /** {@code amr}: authentication methods references (RFC 8176), empty when absent. */
    public abstract List<String> amr();

    /** Scopes from the issuer's scope claim ({@code scope} string or {@code scp} array by default). */
    public abstract Set<String> scopes();

    /** Roles from the issuer's role claim (which may be a path such as {@code realm_access.roles}). */
    public abstract Set<String> roles();

    /** {@code sid}: the session id, when present. */
    public abstract Optional<String> sessionId();

    /** {@code jti}: the token id, when present. */
    public abstract Optional<String> tokenId();

    /** {@code cnf} (RFC 7800): the confirmation (proof-of-possession) object, when present. */
    public abstract Optional<Map<String, Object>> confirmation();

    /**
     * The RFC 7638 thumbprint of the key this token is bound to ({@code cnf.jkt}, RFC 9449 section 6.1): such a token
     * is accepted only with a DPoP proof signed by that key. Empty for bearer tokens.
     */
    public Optional<String> boundKey() {
        return confirmation().map(c -> c.get("jkt")).filter(String.class::isInstance).map(String.class::cast);
    }

    /**
     * The SHA-256 thumbprint of the client certificate this token is bound to ({@code cnf.x5t#S256}, RFC 8705 section
     * 3.1): such a token is accepted only from a client presenting that certificate. Empty for other tokens.
     */
    public Optional<String> boundCertificate() {
        return confirmation().map(c -> c.get("x5t#S256")).filter(String.class::isInstance).map(String.class::cast);
    }

    /** True when the token is sender-constrained: bound to a DPoP key or to a client certificate. */
    public boolean isSenderConstrained() {
        return boundKey().isPresent() || boundCertificate().isPresent();
    }

    /** Every claim of the payload, read-only. */
    public abstract Map<String, Object> claims();

    /** One claim by name. */
    public Optional<Object> claim(String name) {
        return Optional.ofNullable(claims().get(name));
    }

    /** True when {@link #roles()} contains the role. */
    public boolean hasRole(String role) {
        return roles().contains(role);
    }

    /** True when {@link #scopes()} contains the scope. */
    public boolean hasScope(String scope) {
        return scopes().contains(scope);
    }

    @Override
    public final String toString() {
        return "VerifiedToken[iss=" + issuer() + ", sub=" + subject().orElse(null) + ", exp=" + expiresAt() + ", alg="
                + algorithm() + keyId().map(k -> ", kid=" + k).orElse("") + "]";
    }

    /**
     * Builds a {@link VerifiedToken}; algorithm, issuer and expiresAt are required, and a {@code @Nullable} setter
     * treats {@code null} as absent. Not thread-safe; build once.
     */
    @AutoValue.Builder
    public abstract static class Builder {

        Builder() {
        }

        /** Marks a service issuer's token. */
        public abstract Builder service(boolean v);

        /** The configured issuer name. */
        public abstract Builder issuerName(String v);

        /** The JWS algorithm. */
        public abstract Builder algorithm(String v);

        /** The JWS key id. */
        public abstract Builder keyId(@Nullable String v);

        /** {@code iss}. */
        public abstract Builder issuer(String v);

        /** {@code sub}. */
        public abstract Builder subject(@Nullable String v);

        /** {@code aud}. */
        public abstract Builder audiences(Set<String> v);

        /** {@code exp}. */
        public abstract Builder expiresAt(Instant v);

        /** {@code iat}. */
        public abstract Builder issuedAt(@Nullable Instant v);

        /** {@code nbf}. */
        public abstract Builder notBefore(@Nullable Instant v);

        /** {@code auth_time}. */
        public abstract Builder authTime(@Nullable Instant v);

        /** {@code acr}. */
        public abstract Builder acr(@Nullable String v);

        /** {@code amr}. */
        public abstract Builder amr(List<String> v);

        /** Mapped scopes. */
        public abstract Builder scopes(Set<String> v);

        /** Mapped roles. */
        public abstract Builder roles(Set<String> v);

        /** {@code sid}. */
        public abstract Builder sessionId(@Nullable String v);

        /** {@code jti}. */
        public abstract Builder tokenId(@Nullable String v);

        /** {@code cnf}; must already be read-only. */
        public abstract Builder confirmation(@Nullable Map<String, Object> v);

        /** All claims; must already be read-only. */
        public abstract Builder claims(Map<String, Object> v);

        abstract Set<String> audiences();

        abstract List<String> amr();

        abstract Set<String> scopes();

        abstract Set<String> roles();

        abstract VerifiedToken autoBuild();

        /** Builds the token view (collections copied read-only). */
        public VerifiedToken build() {
            return audiences(Set.copyOf(audiences())).amr(List.copyOf(amr())).scopes(Set.copyOf(scopes()))
                    .roles(Set.copyOf(roles())).autoBuild();
        }
    }
}
