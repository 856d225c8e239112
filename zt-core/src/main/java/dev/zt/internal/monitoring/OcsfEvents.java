package dev.zt.internal.monitoring;

import dev.zt.internal.json.JsonWriter;
import dev.zt.spi.event.SecurityEvent;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * zt's events in the Open Cybersecurity Schema Framework 1.8 ({@code zt.audit.format=ocsf}), one JSON object per event:
 * <ul>
 * <li>an access decision ({@code request_decision}) is a Web Resource Access Activity (6004): Access Grant, Access Deny
 * (a denial or a step-up challenge) or Access Revoke (the session revoked);</li>
 * <li>a session's life (created, stepped up, login started or failed, logout, revoked) is an Authentication (3002):
 * Logon or Logoff, with {@code is_mfa} for a step-up;</li>
 * <li>anything else (a PDP disagreement, a Shared Signals event, ...) is a Base Event (0) of activity Other, its zt
 * type in {@code activity_name}.</li>
 * </ul>
 * The NIST SP 800-207 inputs map to OCSF attributes: the subject to {@code actor.user.uid} (Authentication: {@code
 * user.uid}), the issuer to {@code actor.idp.name}, the session to {@code actor.session.uid}, the client address and
 * country to {@code src_endpoint}, the device to {@code device.uid} (host profile), the decision to {@code activity_id},
 * {@code status_id}, {@code action_id} and {@code disposition_id} (security_control profile: Allowed, Challenge,
 * Access Revoked, Blocked; Logged for what report-only mode would have refused), the risk score to {@code risk_score}
 * and {@code actor.user.risk_score}, the signals' contributions to {@code risk_details}, the policy version to {@code
 * policy.version}, the reason code to {@code status_code}. The rest (the signals, the mode, the issuer's configured
 * name) is under {@code unmapped.zt}. Values are cut like the
 * audit log's; never a token or secret (events hold none).
 */
final class OcsfEvents {

    /** The OCSF version the events follow. */
    static final String OCSF_VERSION = "1.8.0";

    private static final String PRODUCT_VERSION = productVersion();

    private OcsfEvents() {
    }

    private static String productVersion() {
        try (InputStream in = OcsfEvents.class.getResourceAsStream(
                "/META-INF/maven/dev.zt/zt-core/pom.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                return p.getProperty("version", "unknown");
            }
        } catch (IOException e) {
            // the version stays unknown
        }
        return "unknown";
    }

    /** The event as one OCSF JSON object, string values cut to {@code maxChars}. */
    static String json(SecurityEvent e, String application, int maxChars) {
        String type = e.type();
        String decision = e.decision().orElse(null);
        int classUid;
        int categoryUid;
        int activity;
        boolean success;
        switch (type) {
            case "request_decision":
                classUid = 6004;
                categoryUid = 6;
                activity = "ALLOW".equals(decision) ? 1 : "REVOKE_SESSION".equals(decision) ? 3 : 2;
                success = "ALLOW".equals(decision);
                break;
            case "session_created":
            case "session_stepped_up":
            case "login_started":
            case "login_failed":
                classUid = 3002;
                categoryUid = 3;
                activity = 1;
                success = !type.equals("login_failed") && !"DENY".equals(decision);
                break;
            case "session_revoked":
            case "logout_rejected":
            case "logout_incomplete":
                classUid = 3002;
                categoryUid = 3;
                activity = 2;
                success = type.equals("session_revoked");
                break;
            default:
                classUid = 0;
                categoryUid = 0;
                activity = 99;
                success = decision == null || "ALLOW".equals(decision);
        }
        JsonWriter w = JsonWriter.object(maxChars).field("class_uid", classUid).field("category_uid", categoryUid)
                .field("activity_id", activity).field("type_uid", (long) classUid * 100 + activity)
                .field("time", e.time().toEpochMilli()).field("severity_id", severity(decision, success))
                .field("status_id", type.equals("login_started") ? 0 : success ? 1 : 2)
                .field("status_code", e.reason().orElse(null)).field("status_detail", e.detail().orElse(null))
                .field("message", "zt " + type + (decision == null ? "" : " " + decision)
                        + e.reason().map(r -> " " + r).orElse(""))
                .raw("metadata", JsonWriter.object(maxChars).raw("product", JsonWriter.object(maxChars)
                        .field("name", "zt").field("vendor_name", "zt").field("version", PRODUCT_VERSION).end())
                        .field("labels", application == null ? null : java.util.List.of("application:" + application))
                        .field("version", OCSF_VERSION).field("log_name", "dev.zt.audit").field("event_code", type)
                        .field("profiles", java.util.List.of("host", "security_control")).end());
        // the security_control profile: what zt did, and by which policy
        if (decision != null) {
            boolean reportOnly = "report-only".equals(e.mode().orElse(null));
            w.field("action_id", "ALLOW".equals(decision) ? 1 : 2)
                    .field("disposition_id", reportOnly && !"ALLOW".equals(decision) ? 17 : disposition(decision))
                    .field("risk_score", e.score())
                    .raw("policy", JsonWriter.object(maxChars).field("name", "zt").field("version",
                            e.policyVersion().orElse(null)).end());
            if (!e.contributions().isEmpty()) {
                StringBuilder d = new StringBuilder();
                e.contributions().forEach((k, v) -> d.append(d.length() == 0 ? "" : ", ").append(k).append(" +")
                        .append(v));
                w.field("risk_details", d.toString());
            }
        }
        // the host profile: the device zt knows the request came from
        e.deviceId().ifPresent(id -> w.raw("device", JsonWriter.object(maxChars).field("uid", id)
                .field("type_id", 0).end()));
        if (classUid == 0) {
            w.field("activity_name", type);
        }
        String endpoint = endpoint(e, maxChars);
        if (classUid == 6004) {
            JsonWriter url = JsonWriter.object(maxChars).field("path", e.path().orElse("/"));
            w.raw("http_request", JsonWriter.object(maxChars).field("http_method", e.method().orElse(null))
                    .raw("url", url.end()).end());
            w.raw("web_resources", "[" + JsonWriter.object(maxChars).field("name", e.path().orElse("/")).end() + "]");
            w.raw("src_endpoint", endpoint);
            w.raw("actor", actor(e, maxChars));
        } else if (classUid == 0) {
            w.raw("actor", actor(e, maxChars));
        } else if (classUid == 3002) {
            w.raw("user", user(e, maxChars));
            w.raw("service", JsonWriter.object(maxChars).field("name", application == null ? "zt" : application)
                    .end());
            w.raw("src_endpoint", endpoint);
            w.raw("actor", actor(e, maxChars));
            e.sessionId().ifPresent(s -> w.raw("session", JsonWriter.object(maxChars).field("uid", s).end()));
            if (type.equals("session_stepped_up")) {
                w.field("is_mfa", true);
            }
        }
        Map<String, Long> contributions = new LinkedHashMap<>();
        e.contributions().forEach((k, v) -> contributions.put(k, (long) v));
        JsonWriter zt = JsonWriter.object(maxChars).field("event", type).field("decision", decision)
                .field("mode", e.mode().orElse(null)).field("issuer", e.issuer().orElse(null))
                .field("policy_version", e.policyVersion().orElse(null));
        if (!e.reasons().isEmpty()) {
            zt.field("reasons", e.reasons());
        }
        if (decision != null) {
            zt.field("score", e.score());
        }
        if (!contributions.isEmpty()) {
            zt.numbers("contributions", contributions);
        }
        if (e.status() != 0) {
            zt.field("http_status", e.status());
        }
        if (classUid == 0) {
            zt.field("subject", e.subject().orElse(null)).field("client", e.clientAddress().orElse(null))
                    .field("method", e.method().orElse(null)).field("path", e.path().orElse(null));
        }
        return w.raw("unmapped", JsonWriter.object(maxChars).raw("zt", zt.end()).end()).end();
    }

    /** Allowed, Challenge (step-up), Access Revoked, or Blocked. */
    private static int disposition(String decision) {
        switch (decision) {
            case "ALLOW":
                return 1;
            case "STEP_UP":
                return 23;
            case "REVOKE_SESSION":
                return 24;
            default:
                return 2;
        }
    }

    /** Informational for a grant, Low for a step-up challenge, Medium for a denial, High for a revocation. */
    private static int severity(String decision, boolean success) {
        if (decision == null) {
            return success ? 1 : 3;
        }
        switch (decision) {
            case "ALLOW":
                return 1;
            case "STEP_UP":
                return 2;
            case "REVOKE_SESSION":
                return 4;
            default:
                return 3;
        }
    }

    private static String endpoint(SecurityEvent e, int maxChars) {
        if (e.clientAddress().isEmpty()) {
            return null;
        }
        JsonWriter w = JsonWriter.object(maxChars).field("ip", e.clientAddress().get());
        e.country().ifPresent(c -> w.raw("location", JsonWriter.object(maxChars).field("country", c).end()));
        return w.end();
    }

    /** The subject (with the risk score of a decision), or an unknown user for an anonymous event. */
    private static String user(SecurityEvent e, int maxChars) {
        JsonWriter u = e.subject().isPresent() ? JsonWriter.object(maxChars).field("uid", e.subject().get())
                : JsonWriter.object(maxChars).field("name", "unknown");
        if (e.decision().isPresent()) {
            u.field("risk_score", e.score());
        }
        return u.end();
    }

    private static String actor(SecurityEvent e, int maxChars) {
        if (e.subject().isEmpty() && e.sessionId().isEmpty()) {
            return null;
        }
        JsonWriter a = JsonWriter.object(maxChars);
        if (e.subject().isPresent()) {
            a.raw("user", user(e, maxChars));
        }
        e.sessionId().ifPresent(s -> a.raw("session", JsonWriter.object(maxChars).field("uid", s).end()));
        e.issuer().ifPresent(i -> a.raw("idp", JsonWriter.object(maxChars).field("name", i).end()));
        return a.end();
    }
}
