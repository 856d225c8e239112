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

    /** A verification event arrived (one zt asked for or not: either shows that the stream delivers). */
    void verified(Instant now) {
        lastVerification = now;
        lastContact = now;
        if ("unknown".equals(status)) {
            status = "enabled";
        }
    }

    StreamStatus snapshot(String transmitter) {
        return new StreamStatus(transmitter, delivery, status, lastContact, lastEvent, lastVerification, lastError,
                received.get(), rejected.get());
    }
}
