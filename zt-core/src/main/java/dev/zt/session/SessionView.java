package dev.zt.session;

import com.google.auto.value.AutoValue;
import dev.zt.lang.Nullable;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What applications and risk checks may know of a zt session: who, how and when they authenticated, the session's
 * age, and its device. It holds no credential (neither a token nor the CSRF token), so it can be logged, cached and
 * handed to third-party code. Immutable; equal when every property is.
 */
@AutoValue
public abstract class SessionView {

    SessionView() {
    }

    /** A builder (for stores and tests); id, subject, createdAt, lastSeenAt and currentExpiresAt are required. */
    public static Builder builder() {
        return new AutoValue_SessionView.Builder().roles(Set.of()).scopes(Set.of()).amr(List.of()).revoked(false);
    }

    /** A builder pre-filled with this view. */
    public abstract Builder toBuilder();

    /** The session id ({@code sid} of its tokens). */
    public abstract String id();

    /** The authenticated subject. */
    public abstract String subject();

    /** The issuer of the credential the session was exchanged from; empty for an application's own login. */
    public abstract Optional<String> originIssuer();

    /** The identity provider's session ({@code sid}) the credential belonged to. */
    public abstract Optional<String> originSessionId();

    /**
     * The {@code email} claim of the credential the session was exchanged from (lower case), so that a revocation of
     * that address (a Shared Signals event naming the user by e-mail) ends the session too.
     */
    public abstract Optional<String> originEmail();

    /** Roles granted to the session. */
    public abstract Set<String> roles();

    /** Scopes granted to the session. */
    public abstract Set<String> scopes();

    /** The authentication context class reached. */
    public abstract Optional<String> acr();

    /** When the user last actively authenticated. */
    public abstract Optional<Instant> authTime();

    /** Authentication methods references. */
    public abstract List<String> amr();

    /** When the session was created (the absolute limit counts from here). */
    public abstract Instant createdAt();

    /** When the session was last used (the idle limit counts from here). */
    public abstract Instant lastSeenAt();

    /** The {@code jti} of the session's current token (an identifier, not the token). */
    public abstract Optional<String> currentTokenId();

    /** When the session's current token expires. */
    public abstract Instant currentExpiresAt();

    /** The browser device the session is bound to (cookie mode). */
    public abstract Optional<String> deviceId();

    /** True once the session was revoked. */
    public abstract boolean revoked();

    /**
     * When the identity provider last confirmed the provider session behind a browser-login session (at the login,
     * then at each check every {@code zt.oidc.idp-session-check}); empty for sessions zt does not check there.
     */
    public abstract Optional<Instant> providerCheckedAt();

    /**
     * The RFC 7638 thumbprint of the key the session is bound to, when it was created from a DPoP-bound token (RFC 9449):
     * its tokens carry the same {@code cnf.jkt}, so every request of the session must prove possession of that key.
     */
    public abstract Optional<String> boundKey();

    /**
     * The SHA-256 thumbprint of the client certificate the session is bound to, when it was created from a
     * certificate-bound token (RFC 8705): its tokens carry the same {@code cnf.x5t#S256}.
     */
    public abstract Optional<String> boundCertificate();

    @Override
    public final String toString() {
        return "SessionView[" + id() + ", sub=" + subject() + (revoked() ? ", revoked" : "") + "]";
    }

    /** Builds a {@link SessionView}; a {@code @Nullable} setter treats {@code null} as absent. */
    @AutoValue.Builder
    public abstract static class Builder {

        Builder() {
        }

        /** Session id. */
        public abstract Builder id(String v);

        /** Subject. */
        public abstract Builder subject(String v);

        /** Origin issuer. */
        public abstract Builder originIssuer(@Nullable String v);

        /** Origin session id ({@code sid} of the credential). */
        public abstract Builder originSessionId(@Nullable String v);

        /** See {@link SessionView#originEmail()}. */
        public abstract Builder originEmail(@Nullable String v);

        /** Roles. */
        public abstract Builder roles(Set<String> v);

        /** Scopes. */
        public abstract Builder scopes(Set<String> v);

        /** Authentication context class. */
        public abstract Builder acr(@Nullable String v);

        /** Authentication time. */
        public abstract Builder authTime(@Nullable Instant v);

        /** Authentication methods. */
        public abstract Builder amr(List<String> v);

        /** Creation time. */
        public abstract Builder createdAt(Instant v);

        /** Last use. */
        public abstract Builder lastSeenAt(Instant v);

        /** Current token id ({@code jti}). */
        public abstract Builder currentTokenId(@Nullable String v);

        /** Current token expiry. */
        public abstract Builder currentExpiresAt(Instant v);

        /** Bound device. */
        public abstract Builder deviceId(@Nullable String v);

        /** Revoked flag. */
        public abstract Builder revoked(boolean v);

        /** When the provider last confirmed the provider session. */
        public abstract Builder providerCheckedAt(@Nullable Instant v);

        /** The key binding ({@code cnf.jkt}). */
        public abstract Builder boundKey(@Nullable String v);

        /** The certificate binding ({@code cnf.x5t#S256}). */
        public abstract Builder boundCertificate(@Nullable String v);

        abstract Set<String> roles();

        abstract Set<String> scopes();

        abstract List<String> amr();

        abstract SessionView autoBuild();

        /** Builds the view (collections copied read-only). */
        public SessionView build() {
            return roles(Set.copyOf(roles())).scopes(Set.copyOf(scopes())).amr(List.copyOf(amr())).autoBuild();
        }
    }
}
