package dev.zt.internal.ssf;

import dev.zt.ssf.StreamStatus;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/** What this node knows of one transmitter's stream; updated by the receiver and the poller. Thread-safe. */
final class StreamState {

    private final String delivery;
    private volatile String status = "unknown";
    private volatile Instant lastContact;
    private volatile Instant lastEvent;
    private volatile Instant lastVerification;
    private volatile String lastError;
    /** The state of the verification zt asked for last, until it arrives. */
    private volatile String expectedState;
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();

    StreamState(String delivery) {
        this.delivery = delivery;
    }

    void contact(Instant now) {
        lastContact = now;
    }

    void accepted(Instant now) {
        received.incrementAndGet();
        lastEvent = now;
        lastContact = now;
        if ("unknown".equals(status)) {
            status = "enabled";
        }
    }

    void refused(String error) {
        rejected.incrementAndGet();
        lastError = error;
    }

    void error(String error) {
        lastError = error;
    }

    void status(String value, Instant now) {
        status = value;
        lastContact = now;
    }

    /** zt asked the transmitter to verify the stream with this state. */
    void expect(String state) {
        expectedState = state;
    }

    /** A verification event arrived; a state zt did not ask for still shows the stream works. */
    void verified(Instant now, String state) {
        lastVerification = now;
        lastContact = now;
        if (state != null && state.equals(expectedState)) {
            expectedState = null;
        }
        if ("unknown".equals(status)) {
            status = "enabled";
        }
    }

    Instant lastVerification() {
        return lastVerification;
    }

    StreamStatus snapshot(String transmitter) {
        return new StreamStatus(transmitter, delivery, status, lastContact, lastEvent, lastVerification, lastError,
                received.get(), rejected.get());
    }
}
