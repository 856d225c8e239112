package dev.zt.it.risk;

import dev.zt.spi.risk.RiskCheck;
import dev.zt.spi.risk.RiskContext;
import dev.zt.spi.risk.RiskSignal;

import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * A blocking check that needs the application's Jakarta EE context (its {@code java:comp} naming): on a thread of the
 * server's managed executor it has it, on a plain pool thread it does not, and it denies.
 */
public class EeContextCheck implements RiskCheck {
    @Override
    public String id() {
        return "ee-context";
    }

    @Override
    public boolean blocking() {
        return true;
    }

    @Override
    public RiskSignal evaluate(RiskContext context) {
        if (!context.path().equals("/ee-context")) {
            return RiskSignal.none();
        }
        try {
            new InitialContext().lookup("java:comp/DefaultManagedExecutorService");
            return RiskSignal.none();
        } catch (NamingException e) {
            return RiskSignal.deny("no_ee_context", Thread.currentThread().getName());
        }
    }
}
