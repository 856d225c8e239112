package dev.zt.internal.ssf;

import dev.zt.config.TransmitterConfig;
import dev.zt.spi.store.ReplayCache;
import dev.zt.ssf.Receipt;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * The background work of one transmitter with an OAuth client: for poll delivery it polls (RFC 8936), hands each SET
 * to the receiver and acknowledges it only once the receiver has applied it (a SET that could not be applied is
 * neither acknowledged nor reported, so the transmitter delivers it again; a refused one is reported in
 * {@code setErrs}); for both deliveries it asks for a stream verification every {@code min_verification_interval} and
 * reads the stream's status. On a cluster one node at a time works: the nodes take turns in ten-second slots, each
 * slot won by one node through the shared replay cache; acknowledgements still pending when a slot ends are sent before
 * it is given up. Errors back off exponentially up to a minute.
 */
final class Poller implements AutoCloseable, Runnable {

    private static final System.Logger LOG = System.getLogger("dev.zt.ssf");
    static final long SLOT_MILLIS = 10_000;
    static final int MAX_EVENTS = 100;
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(1);
    private static final Duration MIN_VERIFICATION = Duration.ofMinutes(1);

    private final DefaultSharedSignals receiver;
    private final DefaultSharedSignals.Transmitter t;
    private final StreamClient client;
    private final ReplayCache replays;
    private final Clock clock;
    private final Executor executor;
    private final SecureRandom random = new SecureRandom();
    private volatile boolean running = true;
    private volatile Thread thread;
    private StreamClient.Stream stream;
    private final List<String> acks = new ArrayList<>();
    private final Map<String, String[]> errors = new LinkedHashMap<>();
    private Duration backoff = Duration.ZERO;
    private long startedAt;
    private long lastVerificationRequest = Long.MIN_VALUE;

    Poller(DefaultSharedSignals receiver, DefaultSharedSignals.Transmitter t, StreamClient client, ReplayCache replays,
            Clock clock, Executor executor) {
        this.receiver = receiver;
        this.t = t;
        this.client = client;
        this.replays = replays;
        this.clock = clock;
        this.executor = executor;
    }

    void start() {
        executor.execute(this);
    }

    @Override
    public void run() {
        thread = Thread.currentThread();
        startedAt = clock.millis();
        while (running) {
            try {
                long slot = clock.millis() / SLOT_MILLIS;
                long end = (slot + 1) * SLOT_MILLIS;
                if (replays.firstUse("ssf-lease " + t.config.name() + " " + slot, Instant.ofEpochMilli(end
                        + SLOT_MILLIS))) {
                    work(end);
                }
                backoff = Duration.ZERO;
                sleepUntil(end);
            } catch (IOException | RuntimeException e) {
                String why = e instanceof IOException ? e.getMessage() : e.getClass().getSimpleName();
                t.state.error(why);
                stream = null; // found again (or re-created) on the next turn
                backoff = backoff.isZero() ? Duration.ofSeconds(1) : backoff.multipliedBy(2);
                if (backoff.compareTo(MAX_BACKOFF) > 0) {
                    backoff = MAX_BACKOFF;
                }
                LOG.log(Level.WARNING, "SSF transmitter {0}: {1}; trying again in {2} s", t.config.name(), why,
                        backoff.toSeconds());
                sleepUntil(clock.millis() + backoff.toMillis());
            }
        }
    }

    /** One slot's work, as the node that holds it. */
    private void work(long end) throws IOException {
        if (stream == null) {
            stream = client.stream();
        }
        verifyWhenDue();
        if (t.config.delivery() != TransmitterConfig.Delivery.POLL) {
            return;
        }
        long pollMillis = t.config.pollInterval().toMillis();
        try {
            while (running && clock.millis() < end - Math.min(1000, SLOT_MILLIS / 5)) {
                StreamClient.Polled p = client.poll(stream, acks, errors, MAX_EVENTS);
                acks.clear(); // sent; the transmitter has them now
                errors.clear();
                t.state.contact(clock.instant());
                for (Map.Entry<String, String> set : p.sets.entrySet()) {
                    Receipt r = receiver.receive(t.config.name(), set.getValue());
                    if (r.acknowledged()) {
                        acks.add(set.getKey());
                    } else if (r.outcome() == Receipt.Outcome.REJECTED) {
                        errors.put(set.getKey(), new String[] {r.errorCode().orElse("invalid_request"),
                                r.publicDescription()});
                    }
                }
                if (!p.moreAvailable && acks.isEmpty() && errors.isEmpty()) {
                    sleepUntil(Math.min(end, clock.millis() + pollMillis));
                }
            }
        } finally {
            if (!acks.isEmpty() || !errors.isEmpty()) {
                client.poll(stream, acks, errors, 0); // give the slot up with nothing left unacknowledged
                acks.clear();
                errors.clear();
            }
        }
    }

    /**
     * At most once per verification interval (the transmitter's {@code min_verification_interval}, at least a minute),
     * on one node: asks for a verification event and reads the stream's status. A push stream is first verified a
     * slot after start, when the application (and so its push endpoint) is up: a transmitter delivers the event
     * while it answers the request.
     */
    private void verifyWhenDue() throws IOException {
        Duration interval = stream.minVerificationInterval.compareTo(MIN_VERIFICATION) < 0 ? MIN_VERIFICATION
                : stream.minVerificationInterval;
        long now = clock.millis();
        if (t.config.delivery() == TransmitterConfig.Delivery.PUSH && now < startedAt + SLOT_MILLIS
                || lastVerificationRequest != Long.MIN_VALUE && now - lastVerificationRequest < interval.toMillis()) {
            return; // a transmitter refuses verifications closer together than its interval
        }
        long period = now / interval.toMillis();
        if (!replays.firstUse("ssf-verify " + t.config.name() + " " + period, Instant.ofEpochMilli((period + 2)
                * interval.toMillis()))) {
            return;
        }
        lastVerificationRequest = now;
        byte[] b = new byte[16];
        random.nextBytes(b);
        // echoed in the verification event, whose audit line shows it
        String state = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        try {
            client.requestVerification(stream, state);
            t.state.status(client.status(stream), clock.instant());
        } catch (IOException e) {
            // the stream may still deliver: record it, keep polling, ask again next interval
            t.state.error("stream verification: " + e.getMessage());
            LOG.log(Level.WARNING, "SSF transmitter {0}: stream verification failed: {1}", t.config.name(),
                    e.getMessage());
        }
    }

    private void sleepUntil(long millis) {
        long wait = millis - clock.millis();
        if (wait <= 0 || !running) {
            return;
        }
        try {
            Thread.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @Override
    public void close() {
        running = false;
        Thread th = thread;
        if (th != null) {
            th.interrupt();
        }
    }
}
