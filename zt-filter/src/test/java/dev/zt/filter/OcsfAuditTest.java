package dev.zt.filter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zt.internal.json.StrictJson;
import dev.zt.testing.OcsfSchema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

/**
 * {@code zt.audit.format=ocsf} through the filter: a refused request writes exactly one audit line, an OCSF Web
 * Resource Access Activity valid against the schema, with no token in it; a session's creation is an Authentication.
 */
class OcsfAuditTest {

    private final FilterFixture fx = new FilterFixture();
    private final AuditCapture audit = new AuditCapture();

    @AfterEach
    void stop() throws Exception {
        fx.close();
        audit.close();
    }

    @Test
    void aDenialIsExactlyOneValidOcsfLineWithoutTheToken() throws Exception {
        fx.with("zt.audit.format", "ocsf").start();
        String expired = fx.access(fx.token().claim("exp", fx.clock.instant().minusSeconds(600).getEpochSecond()));
        HttpResponse<String> r = fx.server.get("/orders", expired);
        assertThat(r.statusCode()).isEqualTo(401);
        List<String> lines = audit.matching("\"class_uid\"");
        assertThat(lines).hasSize(1);
        assertThat(audit.matching("")).as("nothing else is written for the request").hasSize(1);
        String line = lines.get(0);
        assertThat(line).doesNotContain(expired).doesNotContain(expired.substring(expired.lastIndexOf('.') + 1));
        Map<String, Object> event = StrictJson.parseObject(line);
        assertThat(new OcsfSchema().problems(event)).isEmpty();
        assertThat(event).containsEntry("class_uid", 6004L).containsEntry("activity_id", 2L)
                .containsEntry("status_code", "token_expired");
    }

    @Test
    void aSessionsCreationIsAnAuthenticationEvent() throws Exception {
        fx.with("zt.audit.format", "ocsf").start();
        fx.server.send(fx.server.request("/zt/session").header("Authorization", "Bearer " + fx.access())
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody()));
        List<String> created = audit.matching("\"event_code\":\"session_created\"");
        assertThat(created).hasSize(1);
        Map<String, Object> event = StrictJson.parseObject(created.get(0));
        assertThat(new OcsfSchema().problems(event)).isEmpty();
        assertThat(event).containsEntry("class_uid", 3002L).containsEntry("activity_id", 1L);
    }
}
