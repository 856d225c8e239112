package dev.zt.filter.internal.pipeline;

import dev.zt.ZeroTrust;
import dev.zt.spi.event.SecurityEvent;

/** Security events of the filter, pre-filled from an exchange: who, from where, what, and the mode. */
public final class Events {

    private final ZeroTrust engine;
    private final String mode;

    /** Creates the helper. */
    public Events(ZeroTrust engine) {
        this.engine = engine;
        this.mode = engine.reportOnly() ? "report-only" : "enforce";
    }

    /** A builder for an event of the exchange. */
    public SecurityEvent.Builder of(Exchange x, String type) {
        SecurityEvent.Builder b = SecurityEvent.builder(engine.clock().instant(), type).clientAddress(x.client())
                .method(x.method()).path(x.path()).mode(mode).country(x.country()).deviceId(x.deviceId());
        if (x.token() != null) {
            b.subject(x.token().subject().orElse(null)).issuer(x.token().issuerName());
        }
        if (x.session() != null) {
            b.sessionId(x.session().id());
        }
        return b;
    }

    /** Emits the event to the audit log and the listeners. */
    public void emit(SecurityEvent.Builder event) {
        engine.events().emit(event.build());
    }

    /** True when an event of this decision would reach anyone (allowed requests are logged at DEBUG). */
    public boolean wanted(String decision) {
        return engine.events().wants(decision);
    }
}
