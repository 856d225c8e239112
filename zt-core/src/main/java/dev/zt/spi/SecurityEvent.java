package dev.zt.spi;

import dev.zt.internal.json.StrictJson;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One decision of zt's enforcement point, for continuous monitoring (NIST SP 800-207 CDM / SIEM): time, type,
 * subject, session, client address, country, method, path, decision, reason codes, score and policy version. Never
 * holds a token or a secret. Immutable.
 */
public final class SecurityEvent {

    private final Instant time;
    private final String type;
    private final String subject;
    private final String sessionId;
    private final String clientAddress;
    private final String country;
    private final String method;
    private final String path;
    private final String decision;
    private final List<String> reasons;
    private final int score;
    private final String policyVersion;

    /** Creates an event; {@code null} for unknown parts. */
    public SecurityEvent(Instant time, String type, String subject, String sessionId, String clientAddress,
            String country, String method, String path, String decision, List<String> reasons, int score,
            String policyVersion) {
        this.time = Objects.requireNonNull(time);
        this.type = Objects.requireNonNull(type);
        this.subject = subject;
        this.sessionId = sessionId;
        this.clientAddress = clientAddress;
        this.country = country;
        this.method = method;
        this.path = path;
        this.decision = Objects.requireNonNull(decision);
        this.reasons = List.copyOf(reasons);
        this.score = score;
        this.policyVersion = policyVersion;
    }

    /** When. */
    public Instant time() {
        return time;
    }

    /** The event type, e.g. {@code request_decision}, {@code session_revoked}. */
    public String type() {
        return type;
    }

    /** The subject, or {@code null}. */
    public String subject() {
        return subject;
    }

    /** The session id, or {@code null}. */
    public String sessionId() {
        return sessionId;
    }

    /** The client address, or {@code null}. */
    public String clientAddress() {
        return clientAddress;
    }

    /** The country, or {@code null}. */
    public String country() {
        return country;
    }

    /** The HTTP method, or {@code null}. */
    public String method() {
        return method;
    }

    /** The application path, or {@code null}. */
    public String path() {
        return path;
    }

    /** ALLOW, STEP_UP, DENY or REVOKE_SESSION. */
    public String decision() {
        return decision;
    }

    /** Reason codes. */
    public List<String> reasons() {
        return reasons;
    }

    /** The risk score. */
    public int score() {
        return score;
    }

    /** The version of the policy that decided. */
    public String policyVersion() {
        return policyVersion;
    }

    /** One JSON object on one line; values escaped. */
    public String toJson() {
        StringBuilder sb = new StringBuilder(256).append('{');
        field(sb, "time", time.toString(), true);
        field(sb, "type", type, false);
        field(sb, "subject", subject, false);
        field(sb, "session", sessionId, false);
        field(sb, "client", clientAddress, false);
        field(sb, "country", country, false);
        field(sb, "method", method, false);
        field(sb, "path", path, false);
        field(sb, "decision", decision, false);
        sb.append(",\"reasons\":[");
        for (int i = 0; i < reasons.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            quote(sb, reasons.get(i));
        }
        sb.append("],\"score\":").append(score);
        field(sb, "policy_version", policyVersion, false);
        return sb.append('}').toString();
    }

    private static void field(StringBuilder sb, String name, String value, boolean first) {
        if (value == null) {
            return;
        }
        if (!first) {
            sb.append(',');
        }
        sb.append('"').append(name).append("\":");
        quote(sb, value);
    }

    private static void quote(StringBuilder sb, String s) {
        StrictJson.quote(sb, s, 500);
    }

    @Override
    public String toString() {
        return toJson();
    }
}
