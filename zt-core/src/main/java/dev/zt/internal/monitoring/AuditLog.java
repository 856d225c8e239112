package dev.zt.internal.monitoring;

import dev.zt.internal.json.JsonWriter;
import dev.zt.spi.event.SecurityEvent;

import java.lang.System.Logger.Level;

/**
 * The {@code dev.zt.audit} log: one JSON line per {@link SecurityEvent} (zt's own fields, or OCSF with {@code
 * zt.audit.format=ocsf}), allowed request decisions at DEBUG and
 * everything else at INFO. Values are escaped and cut to 300 characters; events never hold tokens or secrets.
 */
public final class AuditLog {

    private static final System.Logger AUDIT = System.getLogger("dev.zt.audit");
    private static final int MAX_VALUE_CHARS = 300;

    private AuditLog() {
    }

    /** True when an event with this decision would be written. */
    public static boolean wants(String decision) {
        return AUDIT.isLoggable(level(decision));
    }

    /** The event's line in zt's format or in OCSF. */
    static String line(SecurityEvent e, boolean ocsf, String application) {
        return ocsf ? OcsfEvents.json(e, application, MAX_VALUE_CHARS) : json(e);
    }

    /** Writes a line at the level of its decision. */
    static void log(String decision, String line) {
        AUDIT.log(level(decision), line);
    }

    /** The event as one JSON line. */
    public static String json(SecurityEvent e) {
        JsonWriter w = JsonWriter.object(MAX_VALUE_CHARS).field("event", e.type()).field("time", e.time().toString());
        w.field("decision", e.decision().orElse(null)).field("reason", e.reason().orElse(null));
        if (e.status() != 0) {
            w.field("status", e.status());
        }
        w.field("mode", e.mode().orElse(null)).field("method", e.method().orElse(null))
                .field("path", e.path().orElse(null)).field("client", e.clientAddress().orElse(null))
                .field("country", e.country().orElse(null)).field("sub", e.subject().orElse(null))
                .field("issuer", e.issuer().orElse(null)).field("session", e.sessionId().orElse(null))
                .field("device", e.deviceId().orElse(null));
        if (!e.reasons().isEmpty()) {
            w.field("reasons", e.reasons());
        }
        if (e.decision().isPresent()) {
            w.field("score", e.score());
        }
        if (!e.contributions().isEmpty()) {
            java.util.Map<String, Long> c = new java.util.LinkedHashMap<>();
            e.contributions().forEach((k, v) -> c.put(k, (long) v));
            w.numbers("contributions", c);
        }
        return w.field("policy_version", e.policyVersion().orElse(null)).field("detail", e.detail().orElse(null))
                .end();
    }

    private static Level level(String decision) {
        return "ALLOW".equals(decision) ? Level.DEBUG : Level.INFO;
    }
}
