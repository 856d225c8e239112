package dev.zt.ssf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zt.ZeroTrust;
import dev.zt.config.ZtConfig;
import dev.zt.internal.revocation.InMemoryReplayCache;
import dev.zt.internal.revocation.InMemoryRevocationStore;
import dev.zt.internal.keys.StaticKeySource;
import dev.zt.spi.keys.KeySet;
import dev.zt.spi.keys.VerificationKey;
import dev.zt.spi.store.ReplayCache;
import dev.zt.testing.FlakyRevocationStore;
import dev.zt.testing.TestKeys;
import dev.zt.testing.TestSets;
import dev.zt.testing.TestTokens;
import dev.zt.testing.TestTransmitter;
import dev.zt.token.RejectionReason;
import dev.zt.token.TokenRejectedException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Poll delivery (RFC 8936) against zt's own test transmitter: zt finds or creates its stream, discovers the
 * transmitter's keys from its SSF configuration, polls, acts, and acknowledges a SET only once it is applied (a
 * refused one goes back in {@code setErrs}, one that could not be applied is offered again and applied then); it asks
 * for a stream verification; a failing transmitter is retried; on a cluster one node polls at a time. Real time
 * (the poller runs on its own thread), bounded waits, no timing assertion.
 */
class SharedSignalsPollTest {

    private TestTransmitter transmitter;
    private final List<ZeroTrust> engines = new ArrayList<>();
    private final AtomicBoolean storeDown = new AtomicBoolean();

    @BeforeEach
    void start() throws Exception {
        transmitter = new TestTransmitter(Map.of("zt-a", "secret-a", "zt-b", "secret-b"));
    }

    @AfterEach
    void stop() {
        engines.forEach(ZeroTrust::close);
        transmitter.close();
    }

    private ZeroTrust node(String client, ReplayCache replays) {
        Map<String, String> s = new HashMap<>(Map.of("zt.issuer", transmitter.issuer(), "zt.audience",
                TestTokens.AUDIENCE, "zt.algorithms", "RS256",
                "zt.ssf.transmitters.idp.issuer", transmitter.issuer(),
                "zt.ssf.transmitters.idp.audience", TestSets.RECEIVER,
                "zt.ssf.transmitters.idp.delivery", "poll",
                "zt.ssf.transmitters.idp.client-id", client,
                "zt.ssf.transmitters.idp.client-secret", "env:SECRET",
                "zt.ssf.transmitters.idp.poll-interval", "200ms"));
        ZeroTrust.Builder b = ZeroTrust.builder(ZtConfig.fromMap(s)).clock(Clock.systemUTC())
                .environment(Map.of("SECRET", client.equals("zt-a") ? "secret-a" : "secret-b"))
                .keySource("default", StaticKeySource.of(KeySet.of(List.of(VerificationKey.of("k1", null,
                        TestKeys.RSA.getPublic()))), "test"))
                .revocationStore(new FlakyRevocationStore(new InMemoryRevocationStore(Clock.systemUTC(), 1000,
                        Duration.ofHours(24)), storeDown));
        if (replays != null) {
            b.replayCache(replays);
        }
        ZeroTrust zt = b.build();
        engines.add(zt);
        return zt;
    }

    /** A token issued two seconds ago: before the second of any event the test sends now. */
    private String token(String sub) {
        return TestTokens.valid(Instant.now().minusSeconds(2)).kid("k1").claim("iss", transmitter.issuer())
                .claim("sub", sub).sign("RS256", TestKeys.RSA.getPrivate());
    }

    private TestSets set(String type, String sub) {
        return TestSets.of(type, Map.of(), Map.of("format", "iss_sub", "iss", transmitter.issuer(), "sub", sub),
                Instant.now()).with("iss", transmitter.issuer());
    }

    private static boolean within(Duration limit, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < end) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(20);
        }
        return condition.getAsBoolean();
    }

    private static RejectionReason reason(ZeroTrust zt, String token) {
        try {
            zt.verifier().verify(token);
            return null;
        } catch (TokenRejectedException e) {
            return e.reason();
        }
    }

    @Test
    void createsItsStreamThenPollsActsAndAcknowledgesOnlyWhatItApplied() throws Exception {
        String token = token("alice");
        ZeroTrust zt = node("zt-a", null);
        TestSets disabled = set(TestSets.RISC + "account-disabled", "alice");
        transmitter.offer(disabled.id(), disabled.sign());
        TestSets foreign = set(TestSets.RISC + "account-disabled", "bob").with("aud", "another-receiver");
        transmitter.offer(foreign.id(), foreign.sign());
        assertThat(within(Duration.ofSeconds(10), () -> reason(zt, token) == RejectionReason.TOKEN_REVOKED))
                .as("the polled event applied").isTrue();
        assertThat(transmitter.streamId("zt-a")).as("zt created its stream").isEqualTo("stream-zt-a");
        assertThat(within(Duration.ofSeconds(10), () -> transmitter.acknowledged.contains(disabled.id()))).isTrue();
        assertThat(within(Duration.ofSeconds(10), () -> "invalid_audience".equals(transmitter.errors.get(
                foreign.id())))).as("refused, reported in setErrs").isTrue();
        assertThat(transmitter.acknowledged).doesNotContain(foreign.id());
        assertThat(within(Duration.ofSeconds(10), () -> zt.sharedSignals().streams().get(0).lastVerification()
                .isPresent())).as("the verification it asked for arrived by poll").isTrue();
        assertThat(transmitter.verifications.get()).isEqualTo(1);
        assertThat(zt.sharedSignals().streams().get(0).status()).isEqualTo("enabled");
    }

    @Test
    void aSetThatCouldNotBeAppliedIsNotAcknowledgedAndIsAppliedWhenOfferedAgain() throws Exception {
        String token = token("carol");
        storeDown.set(true);
        ZeroTrust zt = node("zt-a", null);
        TestSets change = set(TestSets.CAEP + "credential-change", "carol");
        transmitter.offer(change.id(), change.sign());
        assertThat(within(Duration.ofSeconds(5), () -> zt.sharedSignals().streams().get(0).lastError()
                .map(e -> e.contains("could not be applied")).orElse(false))).isTrue();
        assertThat(transmitter.acknowledged).doesNotContain(change.id());
        assertThat(transmitter.errors).doesNotContainKey(change.id());
        storeDown.set(false);
        assertThat(within(Duration.ofSeconds(10), () -> transmitter.acknowledged.contains(change.id()))).isTrue();
        assertThat(reason(zt, token)).isEqualTo(RejectionReason.TOKEN_REVOKED);
    }

    @Test
    void aFailingTransmitterIsRetriedWithBackOffAndPollingResumes() throws Exception {
        transmitter.pollStatus = 500;
        ZeroTrust zt = node("zt-a", null);
        assertThat(within(Duration.ofSeconds(5), () -> zt.sharedSignals().streams().get(0).lastError()
                .map(e -> e.contains("HTTP 500")).orElse(false))).isTrue();
        transmitter.pollStatus = 200;
        TestSets change = set(TestSets.CAEP + "credential-change", "dave");
        transmitter.offer(change.id(), change.sign());
        assertThat(within(Duration.ofSeconds(15), () -> transmitter.acknowledged.contains(change.id()))).isTrue();
    }

    @Test
    void onAClusterOneNodePollsAtATime() throws Exception {
        ReplayCache shared = new InMemoryReplayCache(Clock.systemUTC(), 1000); // what zt.store=redis shares
        node("zt-a", shared);
        node("zt-b", shared);
        assertThat(within(Duration.ofSeconds(5), () -> transmitter.pollers.size() >= 10)).isTrue();
        Map<Long, java.util.Set<String>> clientsBySlot = new HashMap<>();
        for (String poll : transmitter.pollers) {
            String[] clientAndTime = poll.split(" ");
            // the poller's slots are ten seconds of the clock; a poll is made within its slot
            clientsBySlot.computeIfAbsent(Long.parseLong(clientAndTime[1]) / 10_000, k -> new HashSet<>())
                    .add(clientAndTime[0]);
        }
        assertThat(clientsBySlot.values()).allSatisfy(clients -> assertThat(clients).as("the nodes polling in one"
                + " slot").hasSize(1));
    }
}
