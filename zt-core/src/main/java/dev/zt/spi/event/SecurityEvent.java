package dev.zt.spi.event;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One decision or administrative action of zt, for continuous monitoring (NIST SP 800-207 CDM / SIEM): what happened
 * ({@link #type()}: {@code request_decision}, {@code session_created}, {@code session_revoked}, ...), to whom and from
 * where, the decision, its reason code and HTTP status, the risk signals and score, the policy version and the mode. The
 * audit log ({@code dev.zt.audit}) writes exactly one JSON line per event. Never holds a token, a secret or a CSRF
 * value. Immutable; built with {@link #builder(Instant, String)} so that it can grow.
 */
public final class SecurityEvent {

    private final Instant time;
    private final String type;
    private final String subject;
    private final String issuer;
    private final String sessionId;
    private final String clientAddress;
    private final String country;
    private final String deviceId;
    private final String method;
    private final String path;
    private final String decision;
    private final String reason;
    private final int status;
    private final List<String> reasons;
    private final int score;
    private final String policyVersion;
    private final String mode;
    private final String detail;

    private SecurityEvent(Builder b) {
        this.time = Objects.requireNonNull(b.time, "time");
        this.type = Objects.requireNonNull(b.type, "type");
        this.subject = b.subject;
        this.issuer = b.issuer;
        this.sessionId = b.sessionId;
        this.clientAddress = b.clientAddress;
        this.country = b.country;
        this.deviceId = b.deviceId;
        this.method = b.method;
        this.path = b.path;
        this.decision = b.decision;
        this.reason = b.reason;
        this.status = b.status;
        this.reasons = List.copyOf(b.reasons);
        this.score = b.score;
        this.policyVersion = b.policyVersion;
        this.mode = b.mode;
        this.detail = b.detail;
    }

    /** Starts an event of a type at a time. */
    public static Builder builder(Instant time, String type) {
        return new Builder(time, type);
    }

    /** When. */
    public Instant time() {
        return time;
    }

    /** The event type, e.g. {@code request_decision}, {@code session_revoked}. */
    public String type() {
        return type;
    }

    /** The subject. */
    public Optional<String> subject() {
        return Optional.ofNullable(subject);
    }

    /** The configured name of the issuer that vouched for the caller. */
    public Optional<String> issuer() {
        return Optional.ofNullable(issuer);
    }

    /** The zt session id. */
    public Optional<String> sessionId() {
        return Optional.ofNullable(sessionId);
    }

    /** The client address (through trusted proxies only; {@code unknown} when a forwarded hop does not parse). */
    public Optional<String> clientAddress() {
        return Optional.ofNullable(clientAddress);
    }

    /** The client's country. */
    public Optional<String> country() {
        return Optional.ofNullable(country);
    }

    /** The device id, when one was established. */
    public Optional<String> deviceId() {
        return Optional.ofNullable(deviceId);
    }

    /** The HTTP method. */
    public Optional<String> method() {
        return Optional.ofNullable(method);
    }

    /** The decoded application path. */
    public Optional<String> path() {
        return Optional.ofNullable(path);
    }

    /** {@code ALLOW}, {@code STEP_UP}, {@code DENY} or {@code REVOKE_SESSION} for decisions. */
    public Optional<String> decision() {
        return Optional.ofNullable(decision);
    }

    /** The reason code of a refusal ({@code token_expired}, {@code risk_denied}, ...). */
    public Optional<String> reason() {
        return Optional.ofNullable(reason);
    }

    /** The HTTP status answered (0 when none applies). */
    public int status() {
        return status;
    }

    /** The risk signals and rule reasons behind the decision, strongest first. */
    public List<String> reasons() {
        return reasons;
    }

    /** The risk score. */
    public int score() {
        return score;
    }

    /** The version of the trust policy that decided. */
    public Optional<String> policyVersion() {
        return Optional.ofNullable(policyVersion);
    }

    /** {@code enforce} or {@code report-only}: in report-only mode refusals and revocations are not carried out. */
    public Optional<String> mode() {
        return Optional.ofNullable(mode);
    }

    /** The specific detail (for operators; never sent to clients). */
    public Optional<String> detail() {
        return Optional.ofNullable(detail);
    }

    @Override
    public String toString() {
        return "SecurityEvent[" + type + (decision == null ? "" : " " + decision) + (reason == null ? "" : " "
                + reason) + (subject == null ? "" : " sub=" + subject) + "]";
    }

    /** Builds a {@link SecurityEvent}; unset parts are unknown. */
    public static final class Builder {
        private final Instant time;
        private final String type;
        private String subject;
        private String issuer;
        private String sessionId;
        private String clientAddress;
        private String country;
        private String deviceId;
        private String method;
        private String path;
        private String decision;
        private String reason;
        private int status;
        private List<String> reasons = List.of();
        private int score;
        private String policyVersion;
        private String mode;
        private String detail;

        private Builder(Instant time, String type) {
            this.time = time;
            this.type = type;
        }

        /** The subject. */
        public Builder subject(String v) {
            subject = v;
            return this;
        }

        /** The configured issuer name. */
        public Builder issuer(String v) {
            issuer = v;
            return this;
        }

        /** The zt session id. */
        public Builder sessionId(String v) {
            sessionId = v;
            return this;
        }

        /** The client address. */
        public Builder clientAddress(String v) {
            clientAddress = v;
            return this;
        }

        /** The country. */
        public Builder country(String v) {
            country = v;
            return this;
        }

        /** The device id. */
        public Builder deviceId(String v) {
            deviceId = v;
            return this;
        }

        /** The HTTP method. */
        public Builder method(String v) {
            method = v;
            return this;
        }

        /** The decoded path. */
        public Builder path(String v) {
            path = v;
            return this;
        }

        /** The decision. */
        public Builder decision(String v) {
            decision = v;
            return this;
        }

        /** The reason code. */
        public Builder reason(String v) {
            reason = v;
            return this;
        }

        /** The HTTP status. */
        public Builder status(int v) {
            status = v;
            return this;
        }

        /** The risk signals and rule reasons. */
        public Builder reasons(List<String> v) {
            reasons = Objects.requireNonNull(v);
            return this;
        }

        /** The risk score. */
        public Builder score(int v) {
            score = v;
            return this;
        }

        /** The policy version. */
        public Builder policyVersion(String v) {
            policyVersion = v;
            return this;
        }

        /** The mode. */
        public Builder mode(String v) {
            mode = v;
            return this;
        }

        /** The specific detail (no secrets). */
        public Builder detail(String v) {
            detail = v;
            return this;
        }

        /** Builds the event. */
        public SecurityEvent build() {
            return new SecurityEvent(this);
        }
    }
}
