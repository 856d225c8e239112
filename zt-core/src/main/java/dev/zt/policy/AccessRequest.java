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
        return new AutoValue_AccessRequest.Builder().method("INVOKE").path("");
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

        /** Builds the request. */
        public abstract AccessRequest build();
    }
}
