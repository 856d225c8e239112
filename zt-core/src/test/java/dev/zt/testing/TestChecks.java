package dev.zt.testing;

import dev.zt.spi.risk.RiskCheck;
import dev.zt.spi.risk.RiskContext;
import dev.zt.spi.risk.RiskSignal;

import java.util.function.Function;

/** Risk checks of a test's own, in one line. */
public final class TestChecks {

    private TestChecks() {
    }

    /** A check with this id that answers what {@code evaluate} says (or throws what it throws). */
    public static RiskCheck of(String id, Function<RiskContext, RiskSignal> evaluate) {
        return new RiskCheck() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public RiskSignal evaluate(RiskContext context) {
                return evaluate.apply(context);
            }
        };
    }

    /** A check with this id that always answers {@code signal}. */
    public static RiskCheck of(String id, RiskSignal signal) {
        return of(id, context -> signal);
    }
}
