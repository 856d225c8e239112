package dev.zt.bench;

import dev.zt.ZeroTrust;
import dev.zt.config.ZtConfig;
import dev.zt.internal.keys.StaticKeySource;
import dev.zt.session.SessionCheck;
import dev.zt.spi.keys.KeySet;
import dev.zt.spi.keys.VerificationKey;
import dev.zt.token.VerifiedToken;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a live session and a subject profile cost on the heap with the in-memory stores, measured as the growth of the
 * heap after a full GC: N sessions created (the session store), the same sessions each used once (what a request adds:
 * its rate window, the record's update), N subject profiles with one country and one device, and, in an engine of
 * their own, 10,000 sessions (at most N) after a minute of 600 requests each against as many after a minute of 6
 * (what a busy session's windows hold at most: they do not grow with the rate). The verified-token cache is off, so
 * that it does not count:
 * {@code java -Xmx2g -cp zt-bench/target/benchmarks.jar dev.zt.bench.MemoryFootprint [count]} (default 100,000, the
 * stores' default bound).
 */
public final class MemoryFootprint {

    private MemoryFootprint() {
    }

    /** The system clock, moved on by the measurement (the busy minute passes without waiting a minute). */
    static final class SteppingClock extends java.time.Clock {
        private long offsetMillis;

        void advance(long millis) {
            offsetMillis += millis;
        }

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public java.time.Clock withZone(java.time.ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            return Instant.now().plusMillis(offsetMillis);
        }
    }

    private static void request(ZeroTrust zt, VerifiedToken token) {
        SessionCheck check = zt.sessions().check(token);
        zt.risk().evaluate(zt.risk().context(token, check.session(), "192.0.2.10", null).method("GET")
                .path("/api/orders").userAgent("bench").build());
    }

    /**
     * The heap's growth while 10,000 sessions make one request every {@code everyMillis} for a minute, measured at its
     * end: 100 ms puts some in every second of the window (its fullest), 10 s only a few.
     */
    private static long busyMinute(ZtConfig config, Fixtures.Keys keys, MemoryMXBean memory, int busy,
            long everyMillis) throws Exception {
        long start = heapAfterGc(memory);
        SteppingClock clock = new SteppingClock();
        try (ZeroTrust zt = ZeroTrust.builder(config).clock(clock).keySource("default", StaticKeySource.of(
                KeySet.of(List.of(VerificationKey.of("k1", null, keys.verifying()))), "bench")).build()) {
            VerifiedToken[] sessions = new VerifiedToken[busy]; // verified once (ES256: the token cache is off)
            for (int i = 0; i < busy; i++) {
                sessions[i] = zt.verifier().verify(zt.sessions().create(zt.verifier().verify(Fixtures.token(keys,
                        i))).token());
                request(zt, sessions[i]);
            }
            for (long t = 0; t < 60_000; t += everyMillis) {
                clock.advance(everyMillis);
                for (VerifiedToken s : sessions) {
                    request(zt, s);
                }
            }
            return heapAfterGc(memory) - start;
        }
    }

    private static long heapAfterGc(MemoryMXBean memory) throws InterruptedException {
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(50);
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    /** Runs the three measurements and prints bytes per entry. */
    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        Fixtures.Keys keys = Fixtures.keys("HS256");
        ZtConfig config = ZtConfig.fromMap(Map.of("zt.issuer", Fixtures.ISSUER, "zt.audience", Fixtures.AUDIENCE,
                "zt.algorithms", "HS256", "zt.cache.max-entries", "0", "zt.risk.rate.max-per-minute", "1000000",
                "zt.risk.rate.revoke-per-minute", "1000000", "zt.session.max-entries", Integer.toString(count + 1),
                "zt.risk.profiles.max-entries", Integer.toString(count + 1)));
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        try (ZeroTrust zt = ZeroTrust.builder(config).keySource("default", StaticKeySource.of(KeySet.of(List.of(
                VerificationKey.of("k1", null, keys.verifying()))), "bench")).build()) {
            String[] sessionTokens = new String[count];
            String[] warm = {Fixtures.token(keys, -1)};
            zt.sessions().create(zt.verifier().verify(warm[0])); // every class loaded, every structure created
            long before = heapAfterGc(memory);
            for (int i = 0; i < count; i++) {
                sessionTokens[i] = zt.sessions().create(zt.verifier().verify(Fixtures.token(keys, i))).token();
            }
            long created = heapAfterGc(memory);
            long tokens = 0;
            for (String t : sessionTokens) {
                tokens += 16 + 24 + t.length(); // String + its byte[] (compact Latin-1), the array slot aside
            }
            for (String t : sessionTokens) {
                request(zt, zt.verifier().verify(t));
            }
            long used = heapAfterGc(memory);
            java.util.Arrays.fill(sessionTokens, null);
            long withoutTokens = heapAfterGc(memory);

            Instant now = Instant.now();
            long beforeProfiles = heapAfterGc(memory);
            for (int i = 0; i < count; i++) {
                String device = "device-" + i;
                zt.risk().profiles().update(Fixtures.ISSUER + " user-" + i, p -> p.withCountry("DE", now)
                        .withDevice(device));
            }
            long profiles = heapAfterGc(memory);

            System.out.printf("%d sessions, %d profiles (in-memory stores, JDK %s)%n", count, count,
                    Runtime.version().feature());
            report("session created (store)", (created - before - tokens) / (double) count);
            report("the same session after one request", (used - before - tokens) / (double) count);
            report("... measured with the tokens dropped", (withoutTokens - before) / (double) count);
            report("subject profile (one country, one device)", (profiles - beforeProfiles) / (double) count);
        }
        int busy = Math.min(count, 10_000); // within the stores' bound of count + 1
        long calm = busyMinute(config, keys, memory, busy, 10_000);
        long fullest = busyMinute(config, keys, memory, busy, 100);
        report("a session's 600 requests a minute against 6", (fullest - calm) / (double) busy);
    }

    private static void report(String what, double bytes) {
        System.out.printf("%-45s %7.0f bytes%n", what, bytes);
    }
}
