package dev.zt.token;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
 * <p>{@link #toString()} never includes the compact token.
 */
public final class VerifiedToken {

    private final String issuerName;
    private final boolean service;
    private final String algorithm;
    private final String keyId;
    private final String issuer;
    private final String subject;
    private final Set<String> audiences;
    private final Instant expiresAt;
    private final Instant issuedAt;
    private final Instant notBefore;
    private final Instant authTime;
    private final String acr;
    private final List<String> amr;
    private final Set<String> scopes;
    private final Set<String> roles;
    private final String sessionId;
    private final String tokenId;
    private final Map<String, Object> confirmation;
    private final Map<String, Object> claims;

    private VerifiedToken(Builder b) {
        this.issuerName = Objects.requireNonNull(b.issuerName, "issuerName");
        this.service = b.service;
        this.algorithm = Objects.requireNonNull(b.algorithm, "algorithm");
        this.keyId = b.keyId;
        this.issuer = Objects.requireNonNull(b.issuer, "issuer");
        this.subject = b.subject;
        this.audiences = Set.copyOf(b.audiences);
        this.expiresAt = Objects.requireNonNull(b.expiresAt, "expiresAt");
        this.issuedAt = b.issuedAt;
        this.notBefore = b.notBefore;
        this.authTime = b.authTime;
        this.acr = b.acr;
        this.amr = List.copyOf(b.amr);
        this.scopes = Set.copyOf(b.scopes);
        this.roles = Set.copyOf(b.roles);
        this.sessionId = b.sessionId;
        this.tokenId = b.tokenId;
        this.confirmation = b.confirmation;
        this.claims = Objects.requireNonNull(b.claims, "claims");
    }

    /** Starts a builder; used by zt's verifier and by tests of code that consumes tokens. */
    public static Builder builder() {
        return new Builder();
    }

    /** The configured name of the issuer that vouched for this token (e.g. {@code default}). */
    public String issuerName() {
        return issuerName;
    }

    /**
     * True when a service issuer ({@code zt.issuers.<name>.type=service}) vouched for the token: it speaks for a
     * workload ({@code sub} equals {@code iss}), not for a user, and is never exchanged for a user session.
     */
    public boolean isServiceToken() {
        return service;
    }

    /** The JWS {@code alg} the token was signed with. */
    public String algorithm() {
        return algorithm;
    }

    /** The JWS {@code kid}, when the token named one. */
    public Optional<String> keyId() {
        return Optional.ofNullable(keyId);
    }

    /** {@code iss}, exactly as configured. */
    public String issuer() {
        return issuer;
    }

    /** {@code sub}, when present. */
    public Optional<String> subject() {
        return Optional.ofNullable(subject);
    }

    /** {@code aud} as a set (a single string becomes a one-element set). */
    public Set<String> audiences() {
        return audiences;
    }

    /** {@code exp}; always present on a verified token. */
    public Instant expiresAt() {
        return expiresAt;
    }

    /** {@code iat}, when present. */
    public Optional<Instant> issuedAt() {
        return Optional.ofNullable(issuedAt);
    }

    /** {@code nbf}, when present. */
    public Optional<Instant> notBefore() {
        return Optional.ofNullable(notBefore);
    }

    /** {@code auth_time} (OpenID Connect Core section 2): when the user last actively authenticated. */
    public Optional<Instant> authTime() {
        return Optional.ofNullable(authTime);
    }

    /** {@code acr}: the authentication context class reference (e.g. {@code mfa}), used for step-up (RFC 9470). */
    public Optional<String> acr() {
        return Optional.ofNullable(acr);
    }

    /** {@code amr}: authentication methods references (RFC 8176), empty when absent. */
    public List<String> amr() {
        return amr;
    }

    /** Scopes from the issuer's scope claim ({@code scope} string or {@code scp} array by default). */
    public Set<String> scopes() {
        return scopes;
    }

    /** Roles from the issuer's role claim (which may be a path such as {@code realm_access.roles}). */
    public Set<String> roles() {
        return roles;
    }

    /** {@code sid}: the session id, when present. */
    public Optional<String> sessionId() {
        return Optional.ofNullable(sessionId);
    }

    /** {@code jti}: the token id, when present. */
    public Optional<String> tokenId() {
        return Optional.ofNullable(tokenId);
    }

    /** {@code cnf} (RFC 7800): the confirmation (proof-of-possession) object, when present. */
    public Optional<Map<String, Object>> confirmation() {
        return Optional.ofNullable(confirmation);
    }

    /** Every claim of the payload, read-only. */
    public Map<String, Object> claims() {
        return claims;
    }

    /** One claim by name. */
    public Optional<Object> claim(String name) {
        return Optional.ofNullable(claims.get(name));
    }

    /** True when {@link #roles()} contains the role. */
    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    /** True when {@link #scopes()} contains the scope. */
    public boolean hasScope(String scope) {
        return scopes.contains(scope);
    }

    @Override
    public String toString() {
        return "VerifiedToken[iss=" + issuer + ", sub=" + subject + ", exp=" + expiresAt + ", alg=" + algorithm
                + (keyId == null ? "" : ", kid=" + keyId) + "]";
    }

    /** Builds a {@link VerifiedToken}. Not thread-safe; build once. */
    public static final class Builder {
        private String issuerName = "default";
        private boolean service;
        private String algorithm;
        private String keyId;
        private String issuer;
        private String subject;
        private Set<String> audiences = Set.of();
        private Instant expiresAt;
        private Instant issuedAt;
        private Instant notBefore;
        private Instant authTime;
        private String acr;
        private List<String> amr = List.of();
        private Set<String> scopes = Set.of();
        private Set<String> roles = Set.of();
        private String sessionId;
        private String tokenId;
        private Map<String, Object> confirmation;
        private Map<String, Object> claims = Map.of();

        private Builder() {
        }

        /** Marks a service issuer's token. */
        public Builder service(boolean v) {
            service = v;
            return this;
        }

        /** The configured issuer name. */
        public Builder issuerName(String v) {
            this.issuerName = v;
            return this;
        }

        /** The JWS algorithm. */
        public Builder algorithm(String v) {
            this.algorithm = v;
            return this;
        }

        /** The JWS key id. */
        public Builder keyId(String v) {
            this.keyId = v;
            return this;
        }

        /** {@code iss}. */
        public Builder issuer(String v) {
            this.issuer = v;
            return this;
        }

        /** {@code sub}. */
        public Builder subject(String v) {
            this.subject = v;
            return this;
        }

        /** {@code aud}. */
        public Builder audiences(Set<String> v) {
            this.audiences = v;
            return this;
        }

        /** {@code exp}. */
        public Builder expiresAt(Instant v) {
            this.expiresAt = v;
            return this;
        }

        /** {@code iat}. */
        public Builder issuedAt(Instant v) {
            this.issuedAt = v;
            return this;
        }

        /** {@code nbf}. */
        public Builder notBefore(Instant v) {
            this.notBefore = v;
            return this;
        }

        /** {@code auth_time}. */
        public Builder authTime(Instant v) {
            this.authTime = v;
            return this;
        }

        /** {@code acr}. */
        public Builder acr(String v) {
            this.acr = v;
            return this;
        }

        /** {@code amr}. */
        public Builder amr(List<String> v) {
            this.amr = v;
            return this;
        }

        /** Mapped scopes. */
        public Builder scopes(Set<String> v) {
            this.scopes = v;
            return this;
        }

        /** Mapped roles. */
        public Builder roles(Set<String> v) {
            this.roles = v;
            return this;
        }

        /** {@code sid}. */
        public Builder sessionId(String v) {
            this.sessionId = v;
            return this;
        }

        /** {@code jti}. */
        public Builder tokenId(String v) {
            this.tokenId = v;
            return this;
        }

        /** {@code cnf}; must already be read-only. */
        public Builder confirmation(Map<String, Object> v) {
            this.confirmation = v;
            return this;
        }

        /** All claims; must already be read-only. */
        public Builder claims(Map<String, Object> v) {
            this.claims = v;
            return this;
        }

        /** Builds the token view. */
        public VerifiedToken build() {
            return new VerifiedToken(this);
        }
    }
}
