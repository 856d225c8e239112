package dev.zt.internal.ssf;

import java.util.Map;

/**
 * The events zt understands (OpenID CAEP 1.0 section 3, RISC 1.0 section 2, SSF 1.0 section 8.1.4 and 8.1.5) and what
 * each asks of it. Any other event type is refused ({@code invalid_request}), so that a transmitter sending something
 * zt would silently ignore hears about it.
 */
enum EventKind {
    /** CAEP {@code session-revoked} (and RISC's deprecated {@code sessions-revoked}): the provider session, or all. */
    SESSION_REVOKED,
    /**
     * Events after which the subject must authenticate again: every earlier token and session is refused (for CAEP
     * {@code token-claims-change} because tokens issued before carry stale claims).
     */
    SUBJECT_CUT_OFF,
    /** CAEP {@code assurance-level-change}. */
    ASSURANCE_CHANGED,
    /** CAEP {@code device-compliance-change}. */
    DEVICE_COMPLIANCE,
    /** CAEP {@code risk-level-change}. */
    RISK_LEVEL,
    /** Understood, nothing to do (e.g. {@code account-enabled}, {@code session-established}). */
    NO_ACTION,
    /** SSF {@code verification}. */
    VERIFICATION,
    /** SSF {@code stream-updated}. */
    STREAM_UPDATED;

    static final String CAEP = "https://schemas.openid.net/secevent/caep/event-type/";
    static final String RISC = "https://schemas.openid.net/secevent/risc/event-type/";
    static final String SSF = "https://schemas.openid.net/secevent/ssf/event-type/";

    private static final Map<String, EventKind> BY_TYPE = Map.ofEntries(
            Map.entry(CAEP + "session-revoked", SESSION_REVOKED),
            Map.entry(RISC + "sessions-revoked", SESSION_REVOKED),
            Map.entry(CAEP + "credential-change", SUBJECT_CUT_OFF),
            Map.entry(RISC + "account-disabled", SUBJECT_CUT_OFF),
            Map.entry(RISC + "account-purged", SUBJECT_CUT_OFF),
            Map.entry(RISC + "account-credential-change-required", SUBJECT_CUT_OFF),
            Map.entry(RISC + "credential-compromise", SUBJECT_CUT_OFF),
            Map.entry(RISC + "identifier-recycled", SUBJECT_CUT_OFF),
            Map.entry(CAEP + "token-claims-change", SUBJECT_CUT_OFF),
            Map.entry(CAEP + "assurance-level-change", ASSURANCE_CHANGED),
            Map.entry(CAEP + "device-compliance-change", DEVICE_COMPLIANCE),
            Map.entry(CAEP + "risk-level-change", RISK_LEVEL),
            Map.entry(CAEP + "session-established", NO_ACTION),
            Map.entry(CAEP + "session-presented", NO_ACTION),
            Map.entry(RISC + "account-enabled", NO_ACTION),
            Map.entry(RISC + "identifier-changed", NO_ACTION),
            Map.entry(RISC + "opt-in", NO_ACTION),
            Map.entry(RISC + "opt-out-initiated", NO_ACTION),
            Map.entry(RISC + "opt-out-cancelled", NO_ACTION),
            Map.entry(RISC + "opt-out-effective", NO_ACTION),
            Map.entry(RISC + "recovery-activated", NO_ACTION),
            Map.entry(RISC + "recovery-information-changed", NO_ACTION),
            Map.entry(SSF + "verification", VERIFICATION),
            Map.entry(SSF + "stream-updated", STREAM_UPDATED));

    /** The kind of an event type URI, or null for one zt does not understand. */
    static EventKind of(String type) {
        return BY_TYPE.get(type);
    }

    /** Every event type URI zt understands (what a stream asks for). */
    static java.util.Set<String> types() {
        return BY_TYPE.keySet();
    }

    /** The short name of an event type ({@code session-revoked}), for logs and counters. */
    static String shortName(String type) {
        int slash = type.lastIndexOf('/');
        String s = slash >= 0 ? type.substring(slash + 1) : type;
        s = s.replaceAll("[^A-Za-z0-9-]", "?");
        return s.length() > 64 ? s.substring(0, 64) : s;
    }
}
