package dev.zt.cdi.internal;

import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;

/** The clock zt-cdi's checks use (system UTC); tests replace it with an {@code @Alternative}. */
@ApplicationScoped
public class ZeroTrustClock {
    /** The clock. */
    public Clock clock() {
        return Clock.systemUTC();
    }
}
