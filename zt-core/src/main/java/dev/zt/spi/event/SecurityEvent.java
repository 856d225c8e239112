package dev.zt.spi.event;

import com.google.auto.value.AutoValue;
import dev.zt.lang.Nullable;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One decision or administrative action of zt, for continuous monitoring (NIST SP 800-207 CDM / SIEM): what happened
 * ({@link #type()}: {@code request_decision}, {@code session_created}, {@code session_revoked}, ...), to whom and from
 * where, the decision, its reason code and HTTP status, the risk signals and score, the policy version and the mode. The
 * audit log ({@code dev.zt.audit}) writes exactly one JSON line per event. Never holds a token, a secret or a CSRF
 * value. Immutable; built with {@link #builder(Instant, String)} so that it can grow.
 */
@AutoValue
public abstract class SecurityEvent {

    SecurityEvent() {
    }

    /** Starts an event of a type at a time. */
    public static Builder builder(Instant time, String type) {
        return new AutoValue_SecurityEvent.Builder().time(time).type(type).status(0).reasons(List.of()).score(0)
                .contributions(Map.of());
    }

    /** When. */
    public abstract Instant time();

    /** The event type, e.g. {@code request_decision}, {@code session_revoked}. */
    public abstract String type();

    /** The subject. */
    public abstract Optional<String> subject();

    /** The configured name of the issuer that vouched for the caller. */
    public abstract Optional<String> issuer();

    /** The zt session id. */
    public abstract Optional<String> sessionId();

    /** The client address (through trusted proxies only; {@code unknown} when a forwarded hop does not parse). */
    public abstract Optional<String> clientAddress();

    /** The client's country. */
    public abstract Optional<String> country();

    /** The device id, when one was established. */
    public abstract Optional<String> deviceId();

    /** The HTTP method. */
    public abstract Optional<String> method();

    /** The decoded application path. */
    public abstract Optional<String> path();

    /** {@code ALLOW}, {@code STEP_UP}, {@code DENY} or {@code REVOKE_SESSION} for decisions. */
    public abstract Optional<String> decision();

    /** The reason code of a refusal ({@code token_expired}, {@code risk_denied}, ...). */
    public abstract Optional<String> reason();

    /** The HTTP status answered (0 when none applies). */
    public abstract int status();

    /** The risk signals and rule reasons behind the decision, strongest first. */
    public abstract List<String> reasons();

    /** The risk score. */
    public abstract int score();

    /** What each risk signal (by reason) added to the score. */
    public abstract Map<String, Integer> contributions();

    /** The version of the trust policy that decided. */
    public abstract Optional<String> policyVersion();

    /** {@code enforce} or {@code report-only}: in report-only mode refusals and revocations are not carried out. */
    public abstract Optional<String> mode();

    /** The specific detail (for operators; never sent to clients). */
    public abstract Optional<String> detail();

    @Override
    public final String toString() {
        return "SecurityEvent[" + type() + decision().map(d -> " " + d).orElse("") + reason().map(r -> " " + r)
                .orElse("") + subject().map(s -> " sub=" + s).orElse("") + "]";
    }

    /** Builds a {@link SecurityEvent}; unset parts are unknown, and {@code null} is unknown too. */
    @AutoValue.Builder
    public abstract static class Builder {

        Builder() {
        }

        abstract Builder time(Instant v);

        abstract Builder type(String v);

        /** The subject. */
        public abstract Builder subject(@Nullable String v);

        /** The configured issuer name. */
        public abstract Builder issuer(@Nullable String v);

        /** The zt session id. */
        public abstract Builder sessionId(@Nullable String v);

        /** The client address. */
        public abstract Builder clientAddress(@Nullable String v);

        /** The country. */
        public abstract Builder country(@Nullable String v);

        /** The device id. */
        public abstract Builder deviceId(@Nullable String v);

        /** The HTTP method. */
        public abstract Builder method(@Nullable String v);

        /** The decoded path. */
        public abstract Builder path(@Nullable String v);

        /** The decision. */
        public abstract Builder decision(@Nullable String v);

        /** The reason code. */
        public abstract Builder reason(@Nullable String v);

        /** The HTTP status. */
        public abstract Builder status(int v);

        /** The risk signals and rule reasons. */
        public abstract Builder reasons(List<String> v);

        /** The risk score. */
        public abstract Builder score(int v);

        /** What each risk signal added to the score. */
        public abstract Builder contributions(Map<String, Integer> v);

        abstract Map<String, Integer> contributions();

        /** The policy version. */
        public abstract Builder policyVersion(@Nullable String v);

        /** The mode. */
        public abstract Builder mode(@Nullable String v);

        /** The specific detail (no secrets). */
        public abstract Builder detail(@Nullable String v);

        abstract List<String> reasons();

        abstract SecurityEvent autoBuild();

        /** Builds the event. */
        public SecurityEvent build() {
            return reasons(List.copyOf(reasons())).contributions(java.util.Collections.unmodifiableMap(
                    new java.util.LinkedHashMap<>(contributions()))).autoBuild();
        }
    }
}
