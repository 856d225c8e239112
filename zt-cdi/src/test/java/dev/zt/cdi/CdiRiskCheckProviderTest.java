package dev.zt.cdi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zt.cdi.internal.CdiRiskCheckProvider;
import dev.zt.spi.risk.RiskCheck;
import dev.zt.spi.risk.RiskContext;
import dev.zt.spi.risk.RiskSignal;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.weld.junit5.EnableWeld;
import org.jboss.weld.junit5.WeldInitiator;
import org.jboss.weld.junit5.WeldSetup;
import org.junit.jupiter.api.Test;

/** CDI beans implementing RiskCheck reach the risk engine through the provider. */
@EnableWeld
class CdiRiskCheckProviderTest {

    @ApplicationScoped
    static class BlockedCountryCheck implements RiskCheck {
        @Override
        public String id() {
            return "blocked-country";
        }

        @Override
        public RiskSignal evaluate(RiskContext context) {
            return context.country().filter("KP"::equals).map(c -> RiskSignal.deny("country_blocked", c))
                    .orElse(RiskSignal.none());
        }
    }

    @WeldSetup
    WeldInitiator weld = WeldInitiator.of(BlockedCountryCheck.class);

    @Test
    void providerReturnsTheApplicationsCheckBeans() {
        assertThat(new CdiRiskCheckProvider().checks()).extracting(RiskCheck::id).containsExactly("blocked-country");
    }
}
