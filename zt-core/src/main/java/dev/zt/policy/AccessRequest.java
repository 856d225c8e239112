package dev.zt.policy;

import com.google.auto.value.AutoValue;
import dev.zt.lang.Nullable;
import dev.zt.spi.risk.Decision;
import dev.zt.token.VerifiedToken;

import java.time.Instant;
import java.util.Optional;

/**
 * What an {@link AccessPolicy} decides on: the verified caller, the risk engine's decision once it was asked, the time,
 * and the request as the enforcement point sees it (method and the decoded path the container dispatches on; for a CDI
 * call outside HTTP, the method is {@code INVOKE} and the path the Java method). Immutable; grows by its builder.
 */
@AutoValue
public abstract class AccessRequest {

    AccessRequest() {
    }

    /** A builder. */
    public static Builder builder() {
        return new AutoValue_AccessRequest.Builder().method("INVOKE").path("").arguments(java.util.List.of());
    }

    /** The verified access or session token of the caller. */
    public abstract VerifiedToken token();

    /** The risk engine's decision for this request, once it was asked. */
    public abstract Optional<Decision> risk();

    /** The time of the decision (from zt's clock). */
    public abstract Instant time();

    /** The HTTP method, or {@code INVOKE} for a method call outside HTTP. */
    public abstract String method();

    /** The decoded application path ({@code servletPath + pathInfo}), or a description of the invoked method. */
    public abstract String path();

    /** The client's address, when the request came over HTTP. */
    public abstract Optional<String> clientAddress();

    /** The client's country, when located. */
    public abstract Optional<String> country();

    /** The device id, when known. */
    public abstract Optional<String> deviceId();

    /** When the caller's zt session began, for a session token. */
    public abstract Optional<Instant> sessionCreatedAt();

    /** The request's {@code X-Request-ID}, when it sent one (echoed to a policy decision point). */
    public abstract Optional<String> requestId();

    /**
     * The arguments of the invoked method, for a CDI call (a permission's resource id may be one of them); empty for
     * an HTTP request. Read-only.
     */
    public abstract java.util.List<Object> arguments();

    /** A builder pre-filled with this request. */
    public abstract Builder toBuilder();

    /** This request with the risk engine's decision. */
    public AccessRequest withRisk(Decision decision) {
        return toBuilder().risk(decision).build();
    }

    /** Builds an {@link AccessRequest}. */
    @AutoValue.Builder
    public abstract static class Builder {

        Builder() {
        }

        /** The caller's verified token (required). */
        public abstract Builder token(VerifiedToken v);

        /** The risk decision, when known. */
        public abstract Builder risk(@Nullable Decision v);

        /** The decision time (required). */
        public abstract Builder time(Instant v);

        /** The HTTP method. */
        public abstract Builder method(String v);

        /** The decoded application path. */
        public abstract Builder path(String v);

        /** The client address. */
        public abstract Builder clientAddress(@Nullable String v);

        /** The client's country. */
        public abstract Builder country(@Nullable String v);

        /** The device id. */
        public abstract Builder deviceId(@Nullable String v);

        /** When the session began. */
        public abstract Builder sessionCreatedAt(@Nullable Instant v);

        /** The request id. */
        public abstract Builder requestId(@Nullable String v);

        /** The invoked method's arguments (may hold nulls; kept as an unmodifiable copy). */
        public abstract Builder arguments(java.util.List<Object> v);

        abstract java.util.List<Object> arguments();

        abstract AccessRequest autoBuild();

        /** Builds the request. */
        public AccessRequest build() {
            return arguments(java.util.Collections.unmodifiableList(new java.util.ArrayList<>(arguments()))).autoBuild();
        }
    }
}
