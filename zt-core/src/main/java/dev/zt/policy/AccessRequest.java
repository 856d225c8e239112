package dev.zt.policy;

import dev.zt.spi.risk.Decision;
import dev.zt.token.VerifiedToken;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What an {@link AccessPolicy} decides on: the verified caller, the risk engine's decision once it was asked, the time,
 * and the request as the enforcement point sees it (method and the decoded path the container dispatches on; for a CDI
 * call outside HTTP, the method is {@code INVOKE} and the path the Java method). Immutable; grows by its builder.
 */
public final class AccessRequest {

    private final VerifiedToken token;
    private final Decision risk;
    private final Instant time;
    private final String method;
    private final String path;

    private AccessRequest(Builder b) {
        this.token = Objects.requireNonNull(b.token, "token");
        this.risk = b.risk;
        this.time = Objects.requireNonNull(b.time, "time");
        this.method = Objects.requireNonNull(b.method, "method");
        this.path = Objects.requireNonNull(b.path, "path");
    }

    /** A builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The verified access or session token of the caller. */
    public VerifiedToken token() {
        return token;
    }

    /** The risk engine's decision for this request, once it was asked. */
    public Optional<Decision> risk() {
        return Optional.ofNullable(risk);
    }

    /** The time of the decision (from zt's clock). */
    public Instant time() {
        return time;
    }

    /** The HTTP method, or {@code INVOKE} for a method call outside HTTP. */
    public String method() {
        return method;
    }

    /** The decoded application path ({@code servletPath + pathInfo}), or a description of the invoked method. */
    public String path() {
        return path;
    }

    /** This request with the risk engine's decision. */
    public AccessRequest withRisk(Decision decision) {
        return new Builder().token(token).time(time).method(method).path(path).risk(decision).build();
    }

    /** Builds an {@link AccessRequest}. */
    public static final class Builder {
        private VerifiedToken token;
        private Decision risk;
        private Instant time;
        private String method = "INVOKE";
        private String path = "";

        private Builder() {
        }

        /** The caller's verified token (required). */
        public Builder token(VerifiedToken v) {
            token = v;
            return this;
        }

        /** The risk decision, when known. */
        public Builder risk(Decision v) {
            risk = v;
            return this;
        }

        /** The decision time (required). */
        public Builder time(Instant v) {
            time = v;
            return this;
        }

        /** The HTTP method. */
        public Builder method(String v) {
            method = v;
            return this;
        }

        /** The decoded application path. */
        public Builder path(String v) {
            path = v;
            return this;
        }

        /** Builds the request. */
        public AccessRequest build() {
            return new AccessRequest(this);
        }
    }
}
