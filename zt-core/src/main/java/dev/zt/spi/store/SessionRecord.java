package dev.zt.spi.store;

import dev.zt.session.SessionView;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The server-side state of one zt session, as a {@link SessionStore} keeps it. Immutable: every change yields a new
 * record with a higher {@link #version()}, so stores can update atomically (compare-and-set).
 *
 * <p>The record holds the current session token so that concurrent requests racing a refresh all converge on the
 * same new token, and the previous token id with the instant it was replaced, for the rotation grace and reuse
 * detection.
 */
public final class SessionRecord {

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
    private final String currentToken;
    private final Instant currentExpiresAt;
    private final String previousTokenId;
    private final Instant previousReplacedAt;
    private final String csrfToken;
    private final String deviceId;
    private final boolean revoked;
    private final long version;

    private SessionRecord(Builder b) {
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
        this.currentTokenId = Objects.requireNonNull(b.currentTokenId, "currentTokenId");
        this.currentToken = Objects.requireNonNull(b.currentToken, "currentToken");
        this.currentExpiresAt = Objects.requireNonNull(b.currentExpiresAt, "currentExpiresAt");
        this.previousTokenId = b.previousTokenId;
        this.previousReplacedAt = b.previousReplacedAt;
        this.csrfToken = Objects.requireNonNull(b.csrfToken, "csrfToken");
        this.deviceId = b.deviceId;
        this.revoked = b.revoked;
        this.version = b.version;
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder pre-filled with this record, its version incremented. */
    public Builder next() {
        Builder b = new Builder();
        b.id = id;
        b.subject = subject;
        b.originIssuer = originIssuer;
        b.originSessionId = originSessionId;
        b.roles = roles;
        b.scopes = scopes;
        b.acr = acr;
        b.authTime = authTime;
        b.amr = amr;
        b.createdAt = createdAt;
        b.lastSeenAt = lastSeenAt;
        b.currentTokenId = currentTokenId;
        b.currentToken = currentToken;
        b.currentExpiresAt = currentExpiresAt;
        b.previousTokenId = previousTokenId;
        b.previousReplacedAt = previousReplacedAt;
        b.csrfToken = csrfToken;
        b.deviceId = deviceId;
        b.revoked = revoked;
        b.version = version + 1;
        return b;
    }

    /** The session id ({@code sid} of its tokens). */
    public String id() {
        return id;
    }

    /** The authenticated subject. */
    public String subject() {
        return subject;
    }

    /** The issuer of the credential the session was created from, or {@code null} for application logins. */
    public String originIssuer() {
        return originIssuer;
    }

    /**
     * The identity provider's session ({@code sid}) the credential belonged to, or {@code null}; a back-channel logout
     * of that session ends this one too.
     */
    public String originSessionId() {
        return originSessionId;
    }

    /** Roles granted to the session. */
    public Set<String> roles() {
        return roles;
    }

    /** Scopes granted to the session. */
    public Set<String> scopes() {
        return scopes;
    }

    /** The authentication context class reached, or {@code null}. */
    public String acr() {
        return acr;
    }

    /** When the user last actively authenticated, or {@code null}. */
    public Instant authTime() {
        return authTime;
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

    /** The {@code jti} of the current session token. */
    public String currentTokenId() {
        return currentTokenId;
    }

    /** The current session token (a bearer credential: stores must protect it like a password hash). */
    public String currentToken() {
        return currentToken;
    }

    /** When the current session token expires. */
    public Instant currentExpiresAt() {
        return currentExpiresAt;
    }

    /** The {@code jti} of the token replaced by the last rotation, or {@code null}. */
    public String previousTokenId() {
        return previousTokenId;
    }

    /** When the previous token was replaced, or {@code null}. */
    public Instant previousReplacedAt() {
        return previousReplacedAt;
    }

    /** The CSRF double-submit token bound to this session. */
    public String csrfToken() {
        return csrfToken;
    }

    /**
     * The browser device the session is bound to (cookie mode), or {@code null} when unbound: a cookie-mode request
     * whose signed device cookie names another device, or none, comes from an unknown device.
     */
    public String deviceId() {
        return deviceId;
    }

    /** True once the session was revoked. */
    public boolean revoked() {
        return revoked;
    }

    /** Increases with every change; stores compare it to update atomically. */
    public long version() {
        return version;
    }

    /** The credential-free view of this record, for applications and risk checks. */
    public SessionView view() {
        return SessionView.builder().id(id).subject(subject).originIssuer(originIssuer)
                .originSessionId(originSessionId).roles(roles).scopes(scopes).acr(acr).authTime(authTime).amr(amr)
                .createdAt(createdAt).lastSeenAt(lastSeenAt).currentTokenId(currentTokenId)
                .currentExpiresAt(currentExpiresAt).deviceId(deviceId)
                .revoked(revoked).build();
    }

    @Override
    public String toString() {
        return "SessionRecord[" + id + ", sub=" + subject + ", v" + version + (revoked ? ", revoked" : "") + "]";
    }

    /** Builds a {@link SessionRecord}. */
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
        private String currentToken;
        private Instant currentExpiresAt;
        private String previousTokenId;
        private Instant previousReplacedAt;
        private String csrfToken;
        private String deviceId;
        private boolean revoked;
        private long version;

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

        /** Origin session id ({@code sid} of the credential). */
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

        /** Current token id. */
        public Builder currentTokenId(String v) {
            currentTokenId = v;
            return this;
        }

        /** Current token. */
        public Builder currentToken(String v) {
            currentToken = v;
            return this;
        }

        /** Current token expiry. */
        public Builder currentExpiresAt(Instant v) {
            currentExpiresAt = v;
            return this;
        }

        /** Previous token id. */
        public Builder previousTokenId(String v) {
            previousTokenId = v;
            return this;
        }

        /** When the previous token was replaced. */
        public Builder previousReplacedAt(Instant v) {
            previousReplacedAt = v;
            return this;
        }

        /** CSRF token. */
        public Builder csrfToken(String v) {
            csrfToken = v;
            return this;
        }

        /** Bound device id. */
        public Builder deviceId(String v) {
            deviceId = v;
            return this;
        }

        /** Revoked flag. */
        public Builder revoked(boolean v) {
            revoked = v;
            return this;
        }

        /** Version. */
        public Builder version(long v) {
            version = v;
            return this;
        }

        /** Builds the record. */
        public SessionRecord build() {
            return new SessionRecord(this);
        }
    }
}
