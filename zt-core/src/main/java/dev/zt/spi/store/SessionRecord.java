package dev.zt.spi.store;

import com.google.auto.value.AutoValue;
import dev.zt.lang.Nullable;
import dev.zt.session.SessionView;

import java.time.Instant;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The server-side state of one zt session, as a {@link SessionStore} keeps it: the credential-free
 * {@link #session() view} that applications see, plus the CSRF token and the rotation state. Immutable: every change
 * yields a new record with a higher {@link #version()}, so stores can update atomically (compare-and-set).
 *
 * <p>The record holds no session token, not even a hash of one: read access to a store is not session theft. What it
 * holds (the current token's id, issue and expiry instants, and the session's claims) lets zt sign the current token
 * again for a request that raced a rotation or never received its replacement, so that every such request converges
 * on the same current token. The previous token id and the instant it was replaced serve the rotation grace and reuse
 * detection. A browser-login session also holds its identity provider's grant, sealed (see {@link #providerGrant()}).
 * {@link #toString()} names no credential.
 */
@AutoValue
public abstract class SessionRecord {

    SessionRecord() {
    }

    /** A new builder (version 0, current token not used yet); session, currentIssuedAt and csrfToken are required. */
    public static Builder builder() {
        return new AutoValue_SessionRecord.Builder().version(0).currentTokenUsed(false);
    }

    /** The session as applications see it (who, how, since when, which device; its current token id and expiry). */
    public abstract SessionView session();

    /** When the current session token was issued (its {@code iat}). */
    public abstract Instant currentIssuedAt();

    /**
     * True once a request presented the current token: until then its client may never have received it (an answer
     * lost, a write that timed out but was applied), so the token it replaced is not a stolen one.
     */
    public abstract boolean currentTokenUsed();

    /** The {@code jti} of the token replaced by the last rotation. */
    public abstract Optional<String> previousTokenId();

    /** When the previous token was replaced. */
    public abstract Optional<Instant> previousReplacedAt();

    /** The CSRF double-submit token bound to this session. */
    public abstract String csrfToken();

    /**
     * The identity provider's grant of a browser-login session (its refresh token and ID token), sealed by zt's filter
     * with a key that stores never see: opaque to the store, which keeps it as it is. Empty for other sessions.
     */
    public abstract Optional<String> providerGrant();

    /** Increases with every change; stores compare it to update atomically. */
    public abstract long version();

    /** A builder pre-filled with this record, unchanged (its version too). */
    public abstract Builder toBuilder();

    /** A builder pre-filled with this record, its version incremented. */
    public Builder next() {
        return toBuilder().version(version() + 1);
    }

    /** {@link #next()} with the session view changed by {@code change}. */
    public Builder next(UnaryOperator<SessionView.Builder> change) {
        return next().session(change.apply(session().toBuilder()).build());
    }

    /** The session id. */
    public String id() {
        return session().id();
    }

    @Override
    public final String toString() {
        return "SessionRecord[" + id() + ", sub=" + session().subject() + ", v" + version()
                + (session().revoked() ? ", revoked" : "") + "]";
    }

    /** Builds a {@link SessionRecord}; a {@code @Nullable} setter treats {@code null} as absent. */
    @AutoValue.Builder
    public abstract static class Builder {

        Builder() {
        }

        /** The session view. */
        public abstract Builder session(SessionView v);

        /** When the current token was issued. */
        public abstract Builder currentIssuedAt(Instant v);

        /** Whether a request presented the current token. */
        public abstract Builder currentTokenUsed(boolean v);

        /** Previous token id. */
        public abstract Builder previousTokenId(@Nullable String v);

        /** When the previous token was replaced. */
        public abstract Builder previousReplacedAt(@Nullable Instant v);

        /** CSRF token. */
        public abstract Builder csrfToken(String v);

        /** The sealed provider grant. */
        public abstract Builder providerGrant(@Nullable String v);

        /** Version. */
        public abstract Builder version(long v);

        /** Builds the record. */
        public abstract SessionRecord build();
    }
}
