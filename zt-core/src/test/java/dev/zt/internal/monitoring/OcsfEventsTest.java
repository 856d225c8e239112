package dev.zt.internal.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zt.internal.json.StrictJson;
import dev.zt.spi.event.SecurityEvent;
import dev.zt.testing.OcsfSchema;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * zt's events in OCSF 1.8 ({@code zt.audit.format=ocsf}): every decision and event type zt emits maps to a class and is
 * valid against the OCSF schema files, the NIST SP 800-207 inputs land where the mapping says, and the checker itself
 * refuses what is not OCSF.
 */
class OcsfEventsTest {

    private static final Instant T = Instant.parse("2026-12-07T10:00:00Z");
    private final OcsfSchema schema = new OcsfSchema();

    private static SecurityEvent.Builder decision(String decision, String reason) {
        Map<String, Integer> contributions = new LinkedHashMap<>();
        contributions.put("session_drift", 60);
        contributions.put("unusual_hour", 10);
        return SecurityEvent.builder(T, "request_decision").subject("alice").issuer("keycloak").sessionId("s-1")
                .clientAddress("193.0.6.139").country("NL").deviceId("d-1").method("POST").path("/api/orders/7")
                .decision(decision).reason(reason).status(reason == null ? 0 : 403)
                .reasons(List.of("risk_score_elevated", "session_drift")).score(70).contributions(contributions)
                .policyVersion("default-1").mode("enforce").detail("risk policy: session_drift");
    }

    private Map<String, Object> ocsf(SecurityEvent e) {
        String line = OcsfEvents.json(e, "orders", 300);
        assertThat(line).doesNotContain("\n");
        Map<String, Object> m = StrictJson.parseObject(line);
        assertThat(schema.problems(m)).as(line).isEmpty();
        return m;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> at(Map<String, Object> m, String... path) {
        Map<String, Object> cur = m;
        for (String p : path) {
            cur = (Map<String, Object>) cur.get(p);
        }
        return cur;
    }

    @Test
    void everyAccessDecisionIsAValidWebResourceAccessActivity() {
        Map<String, Long[]> expected = Map.of("ALLOW", new Long[] {1L, 1L, 1L}, "STEP_UP", new Long[] {2L, 2L, 23L},
                "DENY", new Long[] {2L, 2L, 2L}, "REVOKE_SESSION", new Long[] {3L, 2L, 24L});
        expected.forEach((decision, ids) -> {
            Map<String, Object> m = ocsf(decision(decision, decision.equals("ALLOW") ? null : "risk_denied").build());
            assertThat(m).containsEntry("class_uid", 6004L).containsEntry("category_uid", 6L)
                    .containsEntry("activity_id", ids[0]).containsEntry("type_uid", 600400L + ids[0])
                    .containsEntry("action_id", ids[1]).containsEntry("disposition_id", ids[2])
                    .containsEntry("time", T.toEpochMilli()).containsEntry("risk_score", 70L);
        });
        Map<String, Object> deny = ocsf(decision("DENY", "risk_denied").build());
        assertThat(deny).containsEntry("status_id", 2L).containsEntry("status_code", "risk_denied")
                .containsEntry("risk_details", "session_drift +60, unusual_hour +10");
        assertThat(at(deny, "actor", "user")).containsEntry("uid", "alice").containsEntry("risk_score", 70L);
        assertThat(at(deny, "actor", "idp")).containsEntry("name", "keycloak");
        assertThat(at(deny, "actor", "session")).containsEntry("uid", "s-1");
        assertThat(at(deny, "src_endpoint")).containsEntry("ip", "193.0.6.139");
        assertThat(at(deny, "src_endpoint", "location")).containsEntry("country", "NL");
        assertThat(at(deny, "device")).containsEntry("uid", "d-1");
        assertThat(at(deny, "policy")).containsEntry("name", "zt").containsEntry("version", "default-1");
        assertThat(at(deny, "http_request")).containsEntry("http_method", "POST");
        assertThat(at(deny, "http_request", "url")).containsEntry("path", "/api/orders/7");
        assertThat(at(deny, "metadata")).containsEntry("version", "1.8.0").containsEntry("event_code",
                "request_decision");
        assertThat(at(deny, "unmapped", "zt")).containsEntry("decision", "DENY").containsEntry("mode", "enforce");
    }

    @Test
    void whatReportOnlyModeWouldHaveRefusedIsLogged() {
        Map<String, Object> m = ocsf(decision("DENY", "risk_denied").mode("report-only").build());
        assertThat(m).containsEntry("disposition_id", 17L).containsEntry("action_id", 2L);
    }

    @Test
    void anAnonymousRefusalHasNoActor() {
        Map<String, Object> m = ocsf(SecurityEvent.builder(T, "request_decision").clientAddress("203.0.113.9")
                .method("GET").path("/api/orders").decision("DENY").reason("token_missing").status(401).build());
        assertThat(m).doesNotContainKey("actor").containsEntry("status_code", "token_missing");
    }

    @Test
    void aSessionsLifeIsAValidAuthentication() {
        for (String type : List.of("session_created", "session_stepped_up", "login_started", "login_failed",
                "session_revoked", "logout_rejected", "logout_incomplete")) {
            Map<String, Object> m = ocsf(SecurityEvent.builder(T, type).subject(type.equals("login_started") ? null
                    : "alice").sessionId("s-1").clientAddress("192.0.2.7").detail("x").build());
            assertThat(m).as(type).containsEntry("class_uid", 3002L).containsEntry("category_uid", 3L);
            assertThat(m.get("activity_id")).as(type).isEqualTo(type.startsWith("log") && !type.startsWith("login")
                    || type.equals("session_revoked") ? 2L : 1L);
        }
        assertThat(ocsf(SecurityEvent.builder(T, "session_stepped_up").subject("alice").build()))
                .containsEntry("is_mfa", true);
        assertThat(ocsf(SecurityEvent.builder(T, "login_failed").subject("alice").build()))
                .containsEntry("status_id", 2L);
    }

    @Test
    void anyOtherEventIsAValidBaseEventNamingItsType() {
        for (String type : List.of("pdp_disagreement", "ssf_rejected", "ssf_stream", "gtr_rejected",
                "idp_session_check_deferred")) {
            Map<String, Object> m = ocsf(SecurityEvent.builder(T, type).subject("alice").issuer("idp")
                    .decision("DENY").reason("pdp_denied").mode("shadow").detail("order:7 approve").build());
            assertThat(m).as(type).containsEntry("class_uid", 0L).containsEntry("activity_id", 99L)
                    .containsEntry("activity_name", type).containsEntry("type_uid", 99L);
        }
    }

    @Test
    void longValuesAreCutAndNothingButTheEventIsWritten() {
        String line = OcsfEvents.json(decision("DENY", "risk_denied").detail("x".repeat(5000)).build(), "a", 300);
        assertThat(line.length()).isLessThan(3000);
    }

    @Test
    void theFormatIsChosenByConfigurationAndAnUnknownOneFailsStartUp() {
        Map<String, String> m = new java.util.HashMap<>(Map.of("zt.issuer", "https://idp", "zt.audience", "api",
                "zt.jwks-uri", "https://idp/certs"));
        assertThat(dev.zt.config.ZtConfig.fromMap(m).auditOcsf()).isFalse();
        m.put("zt.audit.format", "OCSF");
        assertThat(dev.zt.config.ZtConfig.fromMap(m).auditOcsf()).isTrue();
        m.put("zt.audit.format", "cef");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> dev.zt.config.ZtConfig.fromMap(m))
                .isInstanceOf(dev.zt.config.ConfigurationException.class).hasMessageContaining("zt.audit.format");
    }

    @Test
    void theCheckerRefusesWhatIsNotOcsf() {
        Map<String, Object> m = new LinkedHashMap<>(StrictJson.parseObject(OcsfEvents.json(decision("DENY",
                "risk_denied").build(), "a", 300)));
        m.remove("http_request");
        m.put("activity_id", 7L);
        m.put("severity_id", "high");
        m.put("surprise", 1L);
        assertThat(schema.problems(m)).anyMatch(p -> p.contains("required http_request"))
                .anyMatch(p -> p.contains("activity_id = 7")).anyMatch(p -> p.contains("severity_id is not an integer"))
                .anyMatch(p -> p.contains("surprise is not an attribute")).anyMatch(p -> p.contains("type_uid"));
    }
}
