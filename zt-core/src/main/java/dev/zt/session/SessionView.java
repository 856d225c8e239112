package dev.zt.session;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What applications and risk checks may know of a zt session: who, how and when they authenticated, the session's
 * age, and its device. It holds no credential (neither a token nor the CSRF token), so it can be logged, cached and
 * handed to third-party code. Immutable.
 */
public final class SessionView {

    private final String id;
    private final String subject;
    private final String originIssuer;
    private final String originSessionId;
    private final Set<String> roles;
    private final Set<String> scopes;
    private final String acr;
    private final Instant authTime;
    private final List<String> amr;
    private final Instant createdAt;
    private final Instant lastSeenAt;
    private final String currentTokenId;
    private final Instant currentExpiresAt;
    private final String deviceId;
    private final boolean revoked;

    private SessionView(Builder b) {
        this.id = Objects.requireNonNull(b.id, "id");
        this.subject = Objects.requireNonNull(b.subject, "subject");
        this.originIssuer = b.originIssuer;
        this.originSessionId = b.originSessionId;
        this.roles = Set.copyOf(b.roles);
        this.scopes = Set.copyOf(b.scopes);
        this.acr = b.acr;
        this.authTime = b.authTime;
        this.amr = List.copyOf(b.amr);
        this.createdAt = Objects.requireNonNull(b.createdAt, "createdAt");
        this.lastSeenAt = Objects.requireNonNull(b.lastSeenAt, "lastSeenAt");
        this.currentTokenId = b.currentTokenId;
        this.currentExpiresAt = Objects.requireNonNull(b.currentExpiresAt, "currentExpiresAt");
        this.deviceId = b.deviceId;
        this.revoked = b.revoked;
    }

    /** A builder (for stores and tests). */
    public static Builder builder() {
        return new Builder();
    }

    /** The session id ({@code sid} of its tokens). */
    public String id() {
        return id;
    }

    /** The authenticated subject. */
    public String subject() {
        return subject;
    }

    /** The issuer of the credential the session was exchanged from; empty for an application's own login. */
    public Optional<String> originIssuer() {
        return Optional.ofNullable(originIssuer);
    }

    /** The identity provider's session ({@code sid}) the credential belonged to. */
    public Optional<String> originSessionId() {
        return Optional.ofNullable(originSessionId);
    }

    /** Roles granted to the session. */
    public Set<String> roles() {
        return roles;
    }

    /** Scopes granted to the session. */
    public Set<String> scopes() {
        return scopes;
    }

    /** The authentication context class reached. */
    public Optional<String> acr() {
        return Optional.ofNullable(acr);
    }

    /** When the user last actively authenticated. */
    public Optional<Instant> authTime() {
        return Optional.ofNullable(authTime);
    }

    /** Authentication methods references. */
    public List<String> amr() {
        return amr;
    }

    /** When the session was created (the absolute limit counts from here). */
    public Instant createdAt() {
        return createdAt;
    }

    /** When the session was last used (the idle limit counts from here). */
    public Instant lastSeenAt() {
        return lastSeenAt;
    }

    /** The {@code jti} of the session's current token (an identifier, not the token). */
    public Optional<String> currentTokenId() {
        return Optional.ofNullable(currentTokenId);
    }

    /** When the session's current token expires. */
    public Instant currentExpiresAt() {
        return currentExpiresAt;
    }

    /** The browser device the session is bound to (cookie mode). */
    public Optional<String> deviceId() {
        return Optional.ofNullable(deviceId);
    }

    /** True once the session was revoked. */
    public boolean revoked() {
        return revoked;
    }

    @Override
    public String toString() {
        return "SessionView[" + id + ", sub=" + subject + (revoked ? ", revoked" : "") + "]";
    }

    /** Builds a {@link SessionView}. */
    public static final class Builder {
        private String id;
        private String subject;
        private String originIssuer;
        private String originSessionId;
        private Set<String> roles = Set.of();
        private Set<String> scopes = Set.of();
        private String acr;
        private Instant authTime;
        private List<String> amr = List.of();
        private Instant createdAt;
        private Instant lastSeenAt;
        private String currentTokenId;
        private Instant currentExpiresAt;
        private String deviceId;
        private boolean revoked;

        private Builder() {
        }

        /** Session id. */
        public Builder id(String v) {
            id = v;
            return this;
        }

        /** Subject. */
        public Builder subject(String v) {
            subject = v;
            return this;
        }

        /** Origin issuer. */
        public Builder originIssuer(String v) {
            originIssuer = v;
            return this;
        }

        /** Origin session id. */
        public Builder originSessionId(String v) {
            originSessionId = v;
            return this;
        }

        /** Roles. */
        public Builder roles(Set<String> v) {
            roles = v;
            return this;
        }

        /** Scopes. */
        public Builder scopes(Set<String> v) {
            scopes = v;
            return this;
        }

        /** Authentication context class. */
        public Builder acr(String v) {
            acr = v;
            return this;
        }

        /** Authentication time. */
        public Builder authTime(Instant v) {
            authTime = v;
            return this;
        }

        /** Authentication methods. */
        public Builder amr(List<String> v) {
            amr = v;
            return this;
        }

        /** Creation time. */
        public Builder createdAt(Instant v) {
            createdAt = v;
            return this;
        }

        /** Last use. */
        public Builder lastSeenAt(Instant v) {
            lastSeenAt = v;
            return this;
        }

        /** Current token id ({@code jti}). */
        public Builder currentTokenId(String v) {
            currentTokenId = v;
            return this;
        }

        /** Current token expiry. */
        public Builder currentExpiresAt(Instant v) {
            currentExpiresAt = v;
            return this;
        }

        /** Bound device. */
        public Builder deviceId(String v) {
            deviceId = v;
            return this;
        }

        /** Revoked flag. */
        public Builder revoked(boolean v) {
            revoked = v;
            return this;
        }

        /** Builds the view. */
        public SessionView build() {
            return new SessionView(this);
        }
    }
}
