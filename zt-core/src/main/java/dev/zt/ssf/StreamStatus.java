package dev.zt.ssf;

import java.time.Instant;
import java.util.Optional;

/**
 * The state of the stream from one transmitter, as this node knows it: its delivery, the transmitter's status of the
 * stream ({@code enabled}, {@code paused}, {@code disabled}, or {@code unknown}), when a SET last arrived, when the
 * stream was last verified (an SSF {@code verification} event answering zt's request) and the last error. The lag
 * of a stream is how long ago its last SET or successful poll was ({@link #lastContact()}).
 */
public final class StreamStatus {

    private final String transmitter;
    private final String delivery;
    private final String status;
    private final Instant lastContact;
    private final Instant lastEvent;
    private final Instant lastVerification;
    private final String lastError;
    private final long received;
    private final long rejected;

    /** Creates a status (times may be null). */
    public StreamStatus(String transmitter, String delivery, String status, Instant lastContact, Instant lastEvent,
            Instant lastVerification, String lastError, long received, long rejected) {
        this.transmitter = transmitter;
        this.delivery = delivery;
        this.status = status;
        this.lastContact = lastContact;
        this.lastEvent = lastEvent;
        this.lastVerification = lastVerification;
        this.lastError = lastError;
        this.received = received;
        this.rejected = rejected;
    }

    /** The transmitter's configured name. */
    public String transmitter() {
        return transmitter;
    }

    /** {@code push} or {@code poll}. */
    public String delivery() {
        return delivery;
    }

    /** {@code enabled}, {@code paused}, {@code disabled} (the transmitter's word), or {@code unknown}. */
    public String status() {
        return status;
    }

    /** When the transmitter was last heard from: a SET pushed, or a poll answered. */
    public Optional<Instant> lastContact() {
        return Optional.ofNullable(lastContact);
    }

    /** When the last SET was accepted. */
    public Optional<Instant> lastEvent() {
        return Optional.ofNullable(lastEvent);
    }

    /** When the last verification event arrived. */
    public Optional<Instant> lastVerification() {
        return Optional.ofNullable(lastVerification);
    }

    /** The last error (for operators; never a secret). */
    public Optional<String> lastError() {
        return Optional.ofNullable(lastError);
    }

    /** SETs accepted on this node since start. */
    public long received() {
        return received;
    }

    /** SETs refused on this node since start. */
    public long rejected() {
        return rejected;
    }

    @Override
    public String toString() {
        return "StreamStatus[" + transmitter + " " + delivery + " " + status + ", last contact " + lastContact
                + ", last verification " + lastVerification + (lastError == null ? "" : ", last error " + lastError)
                + "]";
    }
}
