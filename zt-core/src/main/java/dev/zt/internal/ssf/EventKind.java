package dev.zt.internal.ssf;

import java.util.HashMap;
import java.util.Map;

/**
 * The events zt understands (OpenID CAEP 1.0 section 3, RISC 1.0 section 2, SSF 1.0 section 8.1.4 and 8.1.5) and what
 * each asks of it. Any other event type is refused ({@code invalid_request}), so that a transmitter sending something
 * zt would silently ignore hears about it.
 */
enum EventKind {
    /** CAEP {@code session-revoked} (and RISC's deprecated {@code sessions-revoked}): the provider session, or all. */
    SESSION_REVOKED,
    /** Events after which the subject must authenticate again: every earlier token and session is refused. */
    SUBJECT_CUT_OFF,
    /** CAEP {@code token-claims-change}: tokens issued before carry stale claims, so they are refused. */
    CLAIMS_CHANGED,
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

    private static final Map<String, EventKind> BY_TYPE = new HashMap<>();

    static {
        BY_TYPE.put(CAEP + "session-revoked", SESSION_REVOKED);
        BY_TYPE.put(RISC + "sessions-revoked", SESSION_REVOKED);
        BY_TYPE.put(CAEP + "credential-change", SUBJECT_CUT_OFF);
        BY_TYPE.put(RISC + "account-disabled", SUBJECT_CUT_OFF);
        BY_TYPE.put(RISC + "account-purged", SUBJECT_CUT_OFF);
        BY_TYPE.put(RISC + "account-credential-change-required", SUBJECT_CUT_OFF);
        BY_TYPE.put(RISC + "credential-compromise", SUBJECT_CUT_OFF);
        BY_TYPE.put(RISC + "identifier-recycled", SUBJECT_CUT_OFF);
        BY_TYPE.put(CAEP + "token-claims-change", CLAIMS_CHANGED);
        BY_TYPE.put(CAEP + "assurance-level-change", ASSURANCE_CHANGED);
        BY_TYPE.put(CAEP + "device-compliance-change", DEVICE_COMPLIANCE);
        BY_TYPE.put(CAEP + "risk-level-change", RISK_LEVEL);
        BY_TYPE.put(CAEP + "session-established", NO_ACTION);
        BY_TYPE.put(CAEP + "session-presented", NO_ACTION);
        BY_TYPE.put(RISC + "account-enabled", NO_ACTION);
        BY_TYPE.put(RISC + "identifier-changed", NO_ACTION);
        BY_TYPE.put(RISC + "opt-in", NO_ACTION);
        BY_TYPE.put(RISC + "opt-out-initiated", NO_ACTION);
        BY_TYPE.put(RISC + "opt-out-cancelled", NO_ACTION);
        BY_TYPE.put(RISC + "opt-out-effective", NO_ACTION);
        BY_TYPE.put(RISC + "recovery-activated", NO_ACTION);
        BY_TYPE.put(RISC + "recovery-information-changed", NO_ACTION);
        BY_TYPE.put(SSF + "verification", VERIFICATION);
        BY_TYPE.put(SSF + "stream-updated", STREAM_UPDATED);
    }

    /** The kind of an event type URI, or null for one zt does not understand. */
    static EventKind of(String type) {
        return BY_TYPE.get(type);
    }

    /** Every event type URI zt understands (what a stream asks for). */
    static java.util.Set<String> types() {
        return java.util.Set.copyOf(BY_TYPE.keySet());
    }

    /** The short name of an event type ({@code session-revoked}), for logs and counters. */
    static String shortName(String type) {
        int slash = type.lastIndexOf('/');
        String s = slash >= 0 ? type.substring(slash + 1) : type;
        s = s.replaceAll("[^A-Za-z0-9-]", "?");
        return s.length() > 64 ? s.substring(0, 64) : s;
    }
}
