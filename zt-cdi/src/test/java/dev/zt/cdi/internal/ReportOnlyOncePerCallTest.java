package dev.zt.cdi.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * In report-only mode a call that both zt's JAX-RS filter and its CDI interceptor check is reported once, by the
 * interceptor (one audit line per would-be refusal); a JAX-RS resource without the interceptor is reported by the
 * filter.
 */
class ReportOnlyOncePerCallTest {

    private final List<String> reported = new CopyOnWriteArrayList<>();

    private final ZeroTrustRuntime reportOnly = new ZeroTrustRuntime() {
        @Override
        public boolean reportOnly() {
            return true;
        }

        @Override
        public void wouldRefuse(String reason, String where, String subject) {
            reported.add(where + " " + reason);
        }
    };

    @Test
    void aCallCheckedByTheJaxrsFilterAndItsInterceptorIsReportedOnce() {
        SecurityRule rule = SecurityRule.denyAll();
        Instant now = Instant.now();
        rule.enforce(null, now, "Orders.delete", new SecurityRule.Call(null, p -> null, true, null), reportOnly);
        assertThat(reported).as("the JAX-RS filter, with the interceptor to follow").isEmpty();
        rule.enforce(null, now, "Orders.delete", SecurityRule.Call.invocation(null, null), reportOnly);
        assertThat(reported).as("the interceptor").containsExactly("Orders.delete access_denied");

        rule.enforce(null, now, "Plain.get", new SecurityRule.Call(null, p -> null, false, null), reportOnly);
        assertThat(reported).as("a resource no interceptor checks: the filter reports it").hasSize(2)
                .endsWith("Plain.get access_denied");
    }
}
