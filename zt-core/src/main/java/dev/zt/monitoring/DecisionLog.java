package dev.zt.monitoring;

import dev.zt.spi.event.SecurityEvent;

import java.util.Map;

/**
 * Where zt's enforcement points report (NIST SP 800-207 continuous diagnostics): every decision and administrative
 * action as one {@link SecurityEvent} — one JSON line on the {@code dev.zt.audit} logger and a call to every
 * {@link dev.zt.spi.event.SecurityEventListener} — counters per decision type and reason code and a latency histogram
 * (JMX, and Micrometer and OpenTelemetry when present, see {@link Telemetry}, tagged with the application), and the
 * decision on the current trace span. Thread-safe; a failing listener changes nothing.
 */
public interface DecisionLog {

    /** Reports an event to the audit log and every listener. */
    void emit(SecurityEvent event);

    /**
     * True when an event of this decision would reach anyone: a listener, or the audit log at its level (allowed
     * decisions at DEBUG, everything else at INFO). Lets an enforcement point skip building events nobody reads.
     */
    boolean wants(String decision);

    /**
     * Reports how an enforcement point decided one request, beyond its event: with OpenTelemetry the current span gets
     * the attributes {@code zt.decision}, {@code zt.reason}, {@code zt.issuer}, {@code zt.subject.hash} (never the
     * subject itself), {@code zt.risk.score} and {@code zt.mode}, and the latency histogram
     * {@code zt.decision.duration} records {@code nanos}. Called for every request, allowed ones included, so it does
     * nothing that costs when no one listens.
     *
     * @param decision {@code allow}, {@code step_up}, {@code deny}, {@code revoke_session}, or {@code public} (a public
     *     path: nobody was authenticated)
     * @param reason the reason code of a refusal, else null
     * @param issuer the configured name of the token's issuer, else null
     * @param subject the token's subject, else null
     * @param score the risk score
     * @param nanos the time the enforcement point took to decide (not the application's), or -1 when not timed
     */
    default void decided(String decision, String reason, String issuer, String subject, int score, long nanos) {
    }

    /** Counts one decision of a type ({@code allow}, {@code step_up}, {@code deny}, {@code revoke_session}). */
    void countDecision(String type);

    /** Counts one reason code ({@code token_expired}, {@code new_country}, ...). */
    void countReason(String code);

    /**
     * Counts the start of one outage of a store backend ({@code redis}, {@code application}, ...): one per outage,
     * however many requests it refuses (those are counted as {@code reason.store_unavailable}).
     */
    void countStoreOutage(String store);

    /** The counters so far: {@code decision.<type>}, {@code reason.<code>} and {@code store_outage.<store>}. */
    Map<String, Long> counters();
}
