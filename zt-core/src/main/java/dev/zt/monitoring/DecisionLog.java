package dev.zt.monitoring;

import dev.zt.spi.event.SecurityEvent;

import java.util.Map;

/**
 * Where zt's enforcement points report (NIST SP 800-207 continuous diagnostics): every decision and administrative
 * action as one {@link SecurityEvent} — one JSON line on the {@code dev.zt.audit} logger and a call to every
 * {@link dev.zt.spi.event.SecurityEventListener} — and counters per decision type and reason code (JMX, and
 * Micrometer when present, tagged with the application). Thread-safe; a failing listener changes nothing.
 */
public interface DecisionLog {

    /** Reports an event to the audit log and every listener. */
    void emit(SecurityEvent event);

    /**
     * True when an event of this decision would reach anyone: a listener, or the audit log at its level (allowed
     * decisions at DEBUG, everything else at INFO). Lets an enforcement point skip building events nobody reads.
     */
    boolean wants(String decision);

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
