package dev.zt.cdi.internal;

import dev.zt.ZeroTrust;
import dev.zt.filter.container.CurrentCaller;
import dev.zt.spi.event.SecurityEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.servlet.ServletContext;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.Optional;

/**
 * What zt-cdi's checks need of the application's zt engine (published by the filter in the servlet context): its clock,
 * its mode ({@code zt.mode=report-only}: annotations decide and log, but refuse nothing) and its event log. Without a
 * servlet context (a plain CDI container) the system clock and enforce mode apply.
 */
@ApplicationScoped
public class ZeroTrustRuntime {

    private static final System.Logger AUDIT = System.getLogger("dev.zt.audit");

    @Inject
    Instance<ServletContext> servletContext;

    private volatile ZeroTrust engine;
    private volatile CurrentCaller callers;

    /** The application's engine, once the filter published it. */
    public Optional<ZeroTrust> engine() {
        ZeroTrust e = engine;
        if (e == null) {
            Object found = published(ZeroTrust.class.getName());
            if (found instanceof ZeroTrust) {
                engine = e = (ZeroTrust) found;
            }
        }
        return Optional.ofNullable(e);
    }

    /** The filter's current caller of this thread, once the filter published it; else null. */
    public CurrentCaller callers() {
        CurrentCaller c = callers;
        if (c == null) {
            Object found = published(CurrentCaller.ATTRIBUTE);
            if (found instanceof CurrentCaller) {
                callers = c = (CurrentCaller) found;
            }
        }
        return c;
    }

    /** A servlet context attribute, or null (none yet, or no servlet context). */
    private Object published(String attribute) {
        if (servletContext == null || !servletContext.isResolvable()) {
            return null;
        }
        try {
            return servletContext.get().getAttribute(attribute);
        } catch (RuntimeException notAvailable) {
            return null;
        }
    }

    /** The clock every time decision uses. */
    public Clock clock() {
        return engine().map(ZeroTrust::clock).orElse(Clock.systemUTC());
    }

    /** True in {@code zt.mode=report-only}. */
    public boolean reportOnly() {
        return engine().map(ZeroTrust::reportOnly).orElse(false);
    }

    /** Logs a refusal that report-only mode does not carry out (one audit line, as the filter writes them). */
    public void wouldRefuse(String reason, String where, String subject) {
        Optional<ZeroTrust> e = engine();
        if (e.isPresent()) {
            e.get().events().emit(SecurityEvent.builder(e.get().clock().instant(), "request_decision")
                    .decision("DENY").reason(reason).subject(subject).path(where).mode("report-only")
                    .detail("an annotation would refuse the call").build());
            e.get().events().countReason(reason);
        } else {
            AUDIT.log(Level.INFO, "report-only: an annotation would refuse {0} ({1})", where, reason);
        }
    }
}
