package dev.zt.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zt.ZeroTrust;
import dev.zt.config.ZtConfig;
import dev.zt.internal.keys.StaticKeySource;
import dev.zt.session.IssuedSession;
import dev.zt.spi.keys.KeySet;
import dev.zt.spi.keys.KeySource;
import dev.zt.spi.keys.VerificationKey;
import dev.zt.spi.risk.Decision;
import dev.zt.ssf.Receipt;
import dev.zt.testing.TestKeys;
import dev.zt.testing.TestSets;
import dev.zt.testing.TestTokens;
import dev.zt.token.RejectionReason;
import dev.zt.token.VerifiedToken;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Shared Signals receiver on two nodes sharing a real Redis: an event received by one node refuses the subject's
 * tokens and zt sessions on the other (e-mail subjects included), its {@code jti} is a duplicate on every node, and the
 * signals it writes into the subject's profile (risk level, device compliance, assurance) are read by the other
 * node's decisions. Bounded polls of real time, no timing assertion.
 */
class RedisSharedSignalsTest {

    @TempDir
    Path dir;
    private RedisServer redis;
    private final Map<String, String> settings = new HashMap<>();
    private final List<ZeroTrust> engines = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        redis = new RedisServer();
        settings.putAll(Nodes.settings(dir));
        settings.put("zt.redis.uri", redis.uri());
        settings.put("zt.ssf.transmitters.idp.issuer", TestTokens.ISSUER);
        settings.put("zt.ssf.transmitters.idp.audience", TestSets.RECEIVER);
        settings.put("zt.ssf.transmitters.idp.push-authorization", "env:PUSH");
    }

    @AfterEach
    void stop() throws Exception {
        engines.forEach(ZeroTrust::close);
        redis.close();
    }

    private ZeroTrust node() {
        KeySource keys = StaticKeySource.of(KeySet.of(List.of(VerificationKey.of("k1", null,
                TestKeys.RSA.getPublic()))), "test");
        ZeroTrust zt = ZeroTrust.builder(ZtConfig.fromMap(settings)).clock(Clock.systemUTC()).keySource("default", keys)
                .transmitterKeySource("idp", keys).environment(Map.of("PUSH", "Bearer p")).build();
        engines.add(zt);
        return zt;
    }

    private static <T> T eventually(Supplier<T> read, T expected) throws InterruptedException {
        long start = System.nanoTime();
        T v = read.get();
        while (!expected.equals(v) && System.nanoTime() - start < 5_000_000_000L) {
            Thread.sleep(10);
            v = read.get();
        }
        return v;
    }

    @Test
    void aCutOffReceivedByOneNodeEndsTokensAndSessionsOnTheOtherAndItsJtiIsADuplicateThere() throws Exception {
        ZeroTrust a = node();
        ZeroTrust b = node();
        Instant earlier = Instant.now().minusSeconds(2); // before the second of the events sent now
        String token = Nodes.access(TestTokens.valid(earlier).claim("sub", "alice"));
        String byEmail = Nodes.access(TestTokens.valid(earlier).claim("sub", "u-2").claim("email",
                "Bob@Example.com"));
        IssuedSession session = b.sessions().create(b.verifier().verify(byEmail));
        assertThat(Nodes.reasonOf(() -> b.verifier().verify(token))).isNull();
        TestSets alice = TestSets.of(TestSets.RISC + "account-disabled", Map.of(), TestSets.issSub("alice"),
                Instant.now());
        assertThat(a.sharedSignals().receive("idp", alice.sign()).outcome()).isEqualTo(Receipt.Outcome.ACCEPTED);
        assertThat(a.sharedSignals().receive("idp", TestSets.of(TestSets.CAEP + "credential-change", Map.of(),
                Map.of("format", "email", "email", "bob@example.com"), Instant.now()).sign()).outcome())
                .isEqualTo(Receipt.Outcome.ACCEPTED);
        assertThat(eventually(() -> Nodes.reasonOf(() -> b.verifier().verify(token)), RejectionReason.TOKEN_REVOKED))
                .isEqualTo(RejectionReason.TOKEN_REVOKED);
        assertThat(eventually(() -> Nodes.reasonOf(() -> b.verifier().verify(byEmail)),
                RejectionReason.TOKEN_REVOKED)).isEqualTo(RejectionReason.TOKEN_REVOKED);
        assertThat(eventually(() -> Nodes.reasonOf(() -> b.sessions().check(b.verifier().verify(session.token()))),
                RejectionReason.SESSION_REVOKED)).as("the zt session exchanged from bob's token")
                .isEqualTo(RejectionReason.SESSION_REVOKED);
        assertThat(b.sharedSignals().receive("idp", alice.sign()).outcome()).as("the same jti on the other node")
                .isEqualTo(Receipt.Outcome.DUPLICATE);
    }

    @Test
    void signalsWrittenIntoAProfileByOneNodeReachTheOthersDecisions() throws Exception {
        ZeroTrust a = node();
        ZeroTrust b = node();
        VerifiedToken token = b.verifier().verify(Nodes.access(TestTokens.valid(Instant.now()).claim("sub", "carol")
                .claim("acr", "mfa").claim("auth_time", Instant.now().getEpochSecond() - 5)));
        Map<String, Object> risk = new LinkedHashMap<>(Map.of("current_level", "HIGH", "event_timestamp",
                Instant.now().getEpochSecond()));
        assertThat(a.sharedSignals().receive("idp", TestSets.of(TestSets.CAEP + "risk-level-change", risk,
                TestSets.issSub("carol"), Instant.now()).sign()).outcome()).isEqualTo(Receipt.Outcome.ACCEPTED);
        Map<String, Object> assurance = new LinkedHashMap<>(Map.of("current_level", "pwd", "change_direction",
                "decrease", "namespace", "custom", "event_timestamp", Instant.now().getEpochSecond()));
        a.sharedSignals().receive("idp", TestSets.of(TestSets.CAEP + "assurance-level-change", assurance,
                TestSets.issSub("carol"), Instant.now()).sign());
        Map<String, Object> device = new LinkedHashMap<>(Map.of("current_status", "not-compliant",
                "event_timestamp", Instant.now().getEpochSecond()));
        a.sharedSignals().receive("idp", TestSets.of(TestSets.CAEP + "device-compliance-change", device,
                Map.of("format", "complex", "user", TestSets.issSub("carol"), "device", Map.of("format", "opaque",
                        "id", "laptop-9")), Instant.now()).sign());
        Supplier<Boolean> seenOnB = () -> {
            String signals = b.risk().profiles().get(TestTokens.ISSUER + " carol").signals().toString();
            return signals.contains("risk=high") && signals.contains("assurance=pwd") && signals.contains("devices=1");
        };
        assertThat(eventually(seenOnB, true)).as("the profile B reads holds what A wrote").isTrue();
        Decision d = b.risk().evaluate(b.risk().context(token, null, "192.0.2.1", null).method("GET").path("/")
                .deviceId("laptop-9").build());
        assertThat(d.type()).isEqualTo(Decision.Type.REVOKE_SESSION);
        assertThat(d.reasons()).contains("device_not_compliant");
        Decision other = b.risk().evaluate(b.risk().context(token, null, "192.0.2.1", null).method("GET").path("/")
                .build());
        assertThat(other.reasons()).contains("ssf_risk_level");
        assertThat(dev.zt.internal.ssf.AssuranceCaps.apply(token, b.risk().profiles().get(TestTokens.ISSUER
                + " carol")).acr()).contains("pwd");
    }
}
