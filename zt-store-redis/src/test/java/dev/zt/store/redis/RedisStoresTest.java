package dev.zt.store.redis;

import dev.zt.store.redis.internal.RedisStoreProvider;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zt.ZeroTrust;
import dev.zt.config.ConfigurationException;
import dev.zt.config.ZtConfig;
import dev.zt.session.IssuedSession;
import dev.zt.session.SessionCheck;
import dev.zt.testing.TestTokens;
import dev.zt.token.RejectionReason;
import dev.zt.token.TokenRejectedException;
import dev.zt.token.VerifiedToken;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two engines ("nodes") sharing one real Redis. Redis runs on real time, so these tests wait real (sub-second) time
 * for pub/sub, for a token to become due, and for reconnection.
 */
class RedisStoresTest {

    private RedisServer redis;
    private final List<ZeroTrust> engines = new ArrayList<>();
    private final Map<String, String> settings = new HashMap<>();

    @TempDir
    Path dir;

    @BeforeEach
    void start() throws Exception {
        redis = new RedisServer();
        settings.putAll(Nodes.settings(dir));
        settings.put("zt.redis.uri", redis.uri());
    }

    @AfterEach
    void stop() throws Exception {
        engines.forEach(ZeroTrust::close);
        redis.close();
    }

    private ZeroTrust node() {
        ZeroTrust zt = Nodes.node(settings, java.time.Clock.systemUTC());
        engines.add(zt);
        return zt;
    }

    private static String access(TestTokens t) {
        return Nodes.access(t);
    }

    private static RejectionReason reasonOf(Runnable r) {
        return Nodes.reasonOf(r);
    }

    /**
     * Polls (real time, bounded: 5 s) until the call is rejected; the milliseconds it took, or {@code Long.MAX_VALUE}.
     * That the other node learns at once, not when its near cache (0.5 s for revocations, 1 s for sessions) expires,
     * is shown by the invalidation messages themselves ({@link #invalidationOf}), not by timing.
     */
    private static long millisUntilRejected(Runnable call, RejectionReason expected) throws InterruptedException {
        long start = System.nanoTime();
        while (System.nanoTime() - start < 5_000_000_000L) {
            if (reasonOf(call) == expected) {
                return (System.nanoTime() - start) / 1_000_000;
            }
            Thread.sleep(10);
        }
        return Long.MAX_VALUE;
    }

    @Test
    void theConsoleOfOneNodeShowsWhatEveryNodeDecidedAndItsOwnWhenRedisIsDown() throws Exception {
        dev.zt.internal.monitoring.DefaultDecisionLog a = (dev.zt.internal.monitoring.DefaultDecisionLog) node()
                .events();
        dev.zt.internal.monitoring.DefaultDecisionLog b = (dev.zt.internal.monitoring.DefaultDecisionLog) node()
                .events();
        assertThat(a.sharesActivity()).isTrue();
        a.history();
        b.history(); // the console of each node is on: both keep and share their history
        for (int i = 0; i < 3; i++) {
            a.decided("allow", null, "default", "alice", 0, 1_000);
        }
        for (int i = 0; i < 2; i++) {
            b.decided("deny", "token_missing", null, null, 0, 1_000);
            b.emit(dev.zt.spi.event.SecurityEvent.builder(Instant.now(), "request_decision").decision("DENY")
                    .reason("token_missing").method("GET").path("/orders/" + (10 + i)).clientAddress("192.0.2.1")
                    .build());
        }
        a.publish();
        b.publish();

        dev.zt.internal.monitoring.DefaultDecisionLog.ClusterView onA = a.clusterView(java.time.Duration.ofHours(1));
        assertThat(onA.nodes).isEqualTo(2);
        assertThat(onA.problem).isNull();
        assertThat(onA.view.totals).containsExactly(3, 0, 2, 0);
        assertThat(onA.view.refusals).singleElement().satisfies(r -> {
            assertThat(r.pathTemplate).isEqualTo("/orders/{}");
            assertThat(r.count).isEqualTo(2);
            assertThat(r.topClients).containsEntry("192.0.2.1", 2L);
        });
        assertThat(b.clusterView(java.time.Duration.ofDays(7)).view.totals).as("the same from B")
                .containsExactly(3, 0, 2, 0);

        redis.stop();
        dev.zt.internal.monitoring.DefaultDecisionLog.ClusterView alone = a.clusterView(java.time.Duration.ofHours(1));
        assertThat(alone.nodes).isEqualTo(1);
        assertThat(alone.problem).contains("does not answer");
        assertThat(alone.view.totals).as("this node's own").containsExactly(3, 0, 0, 0);
    }

    @Test
    void sessionCreatedOnOneNodeIsUsableOnTheOtherAndRevocationReachesIt() throws Exception {
        ZeroTrust a = node();
        ZeroTrust b = node();
        IssuedSession s = a.sessions().create(a.verifier().verify(access(TestTokens.valid(Instant.now()))));
        VerifiedToken onB = b.verifier().verify(s.token());
        assertThat(b.sessions().check(onB).session().id()).isEqualTo(s.sessionId());

        a.sessions().revoke(s.sessionId());
        long millis = millisUntilRejected(() -> b.sessions().check(onB), RejectionReason.SESSION_REVOKED);
        assertThat(millis).as("revocation on A honoured by B").isNotEqualTo(Long.MAX_VALUE);
    }

    @Test
    void aLoginSessionsProviderGrantIsKeptAndItsCheckIsClaimedByOneNodeOnly() throws Exception {
        ZeroTrust a = node();
        ZeroTrust b = node();
        VerifiedToken login = a.verifier().verify(access(TestTokens.valid(Instant.now())));
        IssuedSession s = a.sessions().create(login, login, "sealed-grant-1");
        assertThat(b.sessions().providerGrant(s.sessionId())).contains("sealed-grant-1");
        Instant checked = b.sessions().find(s.sessionId()).orElseThrow().providerCheckedAt().orElseThrow();
        Instant due = checked.plusMillis(10); // "last confirmed before": due once that has passed
        Thread.sleep(50);
        assertThat(b.sessions().claimProviderCheck(s.sessionId(), due)).contains("sealed-grant-1");
        assertThat(a.sessions().claimProviderCheck(s.sessionId(), due)).as("claimed by B already").isEmpty();
        a.sessions().providerChecked(s.sessionId(), "sealed-grant-2", checked.plusSeconds(60));
        long start = System.nanoTime(); // B's near copy is dropped by the update's invalidation message (pub/sub)
        while (!b.sessions().providerGrant(s.sessionId()).orElse("").equals("sealed-grant-2")
                && System.nanoTime() - start < 5_000_000_000L) {
            Thread.sleep(10);
        }
        assertThat(b.sessions().providerGrant(s.sessionId())).contains("sealed-grant-2");
        assertThat(b.sessions().find(s.sessionId()).orElseThrow().providerCheckedAt()).contains(
                checked.plusSeconds(60).truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        String stored = redisValueContaining(s.sessionId());
        assertThat(stored).contains("sealed-grant-2").doesNotContain(s.token());
    }

    /** The one value in Redis whose text contains {@code fragment}. */
    private String redisValueContaining(String fragment) {
        RedisClient client = RedisClient.create(redis.uri());
        try (io.lettuce.core.api.StatefulRedisConnection<String, String> c = client.connect()) {
            for (String key : c.sync().keys("*")) {
                String type = c.sync().type(key);
                java.util.Collection<String> values = "string".equals(type) ? List.of(c.sync().get(key))
                        : "hash".equals(type) ? c.sync().hgetall(key).values() : List.of();
                for (String v : values) {
                    if (v != null && v.contains(fragment)) {
                        return v;
                    }
                }
            }
            return "";
        } finally {
            client.shutdown();
        }
    }

    /** The first invalidation message every node is sent while {@code action} runs. */
    private String invalidationOf(Runnable action) throws InterruptedException {
        RedisClient client = RedisClient.create(redis.uri());
        try (io.lettuce.core.pubsub.StatefulRedisPubSubConnection<String, String> sub = client.connectPubSub()) {
            java.util.concurrent.BlockingQueue<String> messages = new java.util.concurrent.LinkedBlockingQueue<>();
            sub.addListener(new io.lettuce.core.pubsub.RedisPubSubAdapter<String, String>() {
                @Override
                public void message(String channel, String message) {
                    messages.add(channel + " " + message);
                }
            });
            sub.sync().subscribe("zt:invalidate");
            action.run();
            return messages.poll(10, java.util.concurrent.TimeUnit.SECONDS);
        } finally {
            client.shutdown();
        }
    }

    @Test
    void aSessionUpdateTellsEveryNodeToDropItsCopyFromItsOwnScript() throws Exception {
        ZeroTrust a = node();
        IssuedSession s = a.sessions().create(a.verifier().verify(access(TestTokens.valid(Instant.now()))));
        // a compare-and-set update of the record
        assertThat(invalidationOf(() -> a.sessions().revoke(s.sessionId()))).isEqualTo("zt:invalidate s "
                + s.sessionId());
    }

    @Test
    void aRevocationTellsEveryNodeToDropItsCachedAnswers() throws Exception {
        ZeroTrust a = node();
        assertThat(invalidationOf(() -> a.revocations().revokeToken(TestTokens.ISSUER, "j-7", Instant.now()
                .plusSeconds(60)))).isEqualTo("zt:invalidate r");
        assertThat(invalidationOf(() -> a.revocations().revokeSubject(TestTokens.ISSUER, "zoe", Instant.now())))
                .isEqualTo("zt:invalidate r");
    }

    @Test
    void tokenRevokedOnOneNodeIsRejectedByTheOther() throws Exception {
        ZeroTrust a = node();
        ZeroTrust b = node();
        String token = access(TestTokens.valid(Instant.now()).claim("jti", "j-42"));
        b.verifier().verify(token);
        a.revocations().revokeToken(TestTokens.ISSUER, "j-42", Instant.now().plusSeconds(300));
        long millis = millisUntilRejected(() -> b.verifier().verify(token), RejectionReason.TOKEN_REVOKED);
        assertThat(millis).isNotEqualTo(Long.MAX_VALUE);
        a.revocations().revokeSubject(TestTokens.ISSUER, "bob", Instant.now().plusSeconds(5));
        String bobs = access(TestTokens.valid(Instant.now()).claim("sub", "bob"));
        assertThat(millisUntilRejected(() -> b.verifier().verify(bobs), RejectionReason.TOKEN_REVOKED))
                .isNotEqualTo(Long.MAX_VALUE);
    }

    @Test
    void aOneTimeValueUsedOnOneNodeIsAReplayOnTheOtherUntilItExpires() throws Exception {
        ZeroTrust a = node();
        ZeroTrust b = node();
        Instant soon = Instant.now().plusSeconds(2);
        assertThat(a.replays().firstUse("logout iss jti-1", soon)).isTrue();
        assertThat(b.replays().firstUse("logout iss jti-1", soon)).as("the other node sees the use").isFalse();
        assertThat(a.replays().firstUse("logout iss jti-1", soon)).isFalse();
        assertThat(b.replays().firstUse("logout iss jti-2", soon)).isTrue();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<Boolean>> racing = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                ZeroTrust node = i % 2 == 0 ? a : b;
                racing.add(pool.submit(() -> node.replays().firstUse("race", Instant.now().plusSeconds(30))));
            }
            int winners = 0;
            for (java.util.concurrent.Future<Boolean> f : racing) {
                winners += f.get() ? 1 : 0;
            }
            assertThat(winners).as("exactly one first use across both nodes").isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        long waited = millisUntil(() -> a.replays().firstUse("logout iss jti-1", Instant.now().plusSeconds(2)));
        assertThat(waited).as("usable again once expired").isLessThan(5000);
    }

    /** Polls (real time, bounded: the value expires in Redis's own time) until the call answers true. */
    private static long millisUntil(java.util.function.BooleanSupplier call) throws InterruptedException {
        long start = System.nanoTime();
        while (System.nanoTime() - start < 5_000_000_000L) {
            if (call.getAsBoolean()) {
                return (System.nanoTime() - start) / 1_000_000;
            }
            Thread.sleep(50);
        }
        return Long.MAX_VALUE;
    }

    @Test
    void backChannelLogoutOnOneNodeEndsTheProviderSessionOnTheOther() throws Exception {
        settings.put("zt.logout-audience", "orders-web");
        ZeroTrust a = node();
        ZeroTrust b = node();
        String access = access(TestTokens.valid(Instant.now()).claim("sid", "idp-7"));
        IssuedSession s = b.sessions().create(b.verifier().verify(access));
        assertThat(b.sessions().find(s.sessionId()).orElseThrow().originSessionId()).as("kept through Redis")
                .contains("idp-7");
        VerifiedToken onB = b.verifier().verify(s.token());

        a.sessions().logout(a.verifier().verifyLogoutToken(access(TestTokens.valid(Instant.now())
                .header("typ", "logout+jwt").claim("aud", "orders-web").claim("jti", "lt-1").claim("sid", "idp-7")
                .claim("events", Map.of("http://schemas.openid.net/event/backchannel-logout", Map.of())))));

        assertThat(millisUntilRejected(() -> b.verifier().verify(access), RejectionReason.TOKEN_REVOKED))
                .isNotEqualTo(Long.MAX_VALUE);
        assertThat(reasonOf(() -> b.sessions().check(onB))).isEqualTo(RejectionReason.SESSION_REVOKED);
    }

    @Test
    void refreshRaceAcrossNodesLeavesExactlyOneCurrentToken() throws Exception {
        ZeroTrust a = node();
        ZeroTrust b = node();
        IssuedSession s = a.sessions().create(a.verifier().verify(access(TestTokens.valid(Instant.now()))));
        Thread.sleep(1100); // the token becomes due for refresh (10 s lifetime, refresh 9 s before the end)
        ExecutorService pool = Executors.newFixedThreadPool(50);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<SessionCheck>> results = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                ZeroTrust node = i % 2 == 0 ? a : b;
                results.add(pool.submit(() -> {
                    go.await();
                    return node.sessions().check(node.verifier().verify(s.token()));
                }));
            }
            go.countDown();
            Set<String> handedOut = new HashSet<>(); // one current token: each node signs it itself (ES256 differs)
            for (Future<SessionCheck> f : results) {
                handedOut.add(b.verifier().verify(f.get().refreshed().orElseThrow().token()).tokenId().orElseThrow());
            }
            assertThat(handedOut).hasSize(1);
            assertThat(b.sessions().find(s.sessionId()).orElseThrow().currentTokenId())
                    .contains(handedOut.iterator().next());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void redisDownFailsClosedThenRecoversWithoutRestart() throws Exception {
        ZeroTrust a = node();
        IssuedSession s = a.sessions().create(a.verifier().verify(access(TestTokens.valid(Instant.now()))));
        VerifiedToken token = a.verifier().verify(s.token());
        redis.stop();
        Thread.sleep(1100); // let the near caches expire
        assertThat(reasonOf(() -> a.sessions().check(token))).isEqualTo(RejectionReason.STORE_UNAVAILABLE);
        dev.zt.monitoring.Health down = a.health(); // its first check, so not an answer kept from before
        assertThat(down.status()).isEqualTo(dev.zt.monitoring.Health.Status.DOWN);
        assertThat(down.components()).anySatisfy(c -> {
            assertThat(c.name()).isEqualTo("store");
            assertThat(c.status()).isEqualTo(dev.zt.monitoring.Health.Status.DOWN);
        });
        assertThat(reasonOf(() -> a.verifier().verify(access(TestTokens.valid(Instant.now()).claim("x", 1)))))
                .isEqualTo(RejectionReason.STORE_UNAVAILABLE);
        assertThatThrownBy(() -> a.sessions().create(a.verifier().verify(s.token())))
                .isInstanceOf(TokenRejectedException.class);

        redis.start(); // same port, empty (no persistence): the old session is gone, new ones work
        long start = System.nanoTime();
        IssuedSession fresh = null;
        while (fresh == null && System.nanoTime() - start < 30_000_000_000L) {
            try {
                fresh = a.sessions().create(a.verifier().verify(access(TestTokens.valid(Instant.now()).claim("n",
                        2))));
            } catch (TokenRejectedException e) {
                Thread.sleep(100);
            }
        }
        assertThat(fresh).as("recovered after Redis came back").isNotNull();
        assertThat(a.sessions().check(a.verifier().verify(fresh.token())).session().id()).isEqualTo(fresh.sessionId());
    }

    @Test
    void aProfilesDevicesKeepTheirOrderInRedisSoTheOneKnownLongestIsForgottenFirst() {
        ZeroTrust a = node();
        ZeroTrust b = node();
        for (int i = 0; i < dev.zt.spi.risk.SubjectProfile.MAX_DEVICES; i++) {
            String device = "device-" + i;
            (i % 2 == 0 ? a : b).risk().profiles().update("iss carol", p -> p.withDevice(device));
        }
        b.risk().profiles().update("iss carol", p -> p.withDevice("one-more"));
        List<String> devices = new ArrayList<>(a.risk().profiles().get("iss carol").devices());
        assertThat(devices).hasSize(dev.zt.spi.risk.SubjectProfile.MAX_DEVICES).doesNotContain("device-0");
        assertThat(devices.get(0)).isEqualTo("device-1");
        assertThat(devices.get(devices.size() - 1)).isEqualTo("one-more");
    }

    @Test
    void everyKeyButTheEpochHasATimeToLive() throws Exception {
        ZeroTrust a = node();
        IssuedSession s = a.sessions().create(a.verifier().verify(access(TestTokens.valid(Instant.now()))));
        a.revocations().revokeToken(TestTokens.ISSUER, "j-1", Instant.now().plusSeconds(60));
        a.risk().profiles().update("iss alice", p -> p.withCountry("DE", Instant.now()));
        RedisClient client = RedisClient.create(redis.uri());
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            List<String> keys = c.sync().keys("zt:*");
            assertThat(keys).contains("zt:s:" + s.sessionId(), "zt:p:iss alice", "zt:epoch");
            for (String k : keys) {
                if (k.equals("zt:epoch")) {
                    assertThat(c.sync().pttl(k)).as("the epoch outlives everything: its loss is the sign").isEqualTo(-1L);
                } else {
                    assertThat(c.sync().pttl(k)).as(k).isPositive();
                }
            }
        } finally {
            client.shutdown();
        }
        assertThat(node().risk().profiles().get("iss alice").knows("DE")).isTrue();
    }

    @Test
    void rateWindowsAreSharedSoABurstOverTwoNodesCountsOnce() {
        settings.put("zt.risk.checks", "request-rate");
        settings.put("zt.risk.rate.max-per-minute", "5");
        settings.put("zt.risk.rate.revoke-per-minute", "8");
        ZeroTrust a = node();
        ZeroTrust b = node();
        IssuedSession s = a.sessions().create(a.verifier().verify(access(TestTokens.valid(Instant.now()))));
        VerifiedToken t = a.verifier().verify(s.token());
        dev.zt.session.SessionView record = a.sessions().find(s.sessionId()).orElseThrow();
        List<dev.zt.spi.risk.Decision.Type> decisions = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            ZeroTrust node = i % 2 == 0 ? a : b;
            decisions.add(node.risk().evaluate(node.risk().context(t, record, "10.0.0.1", null).build()).type());
        }
        assertThat(decisions.subList(0, 5)).containsOnly(dev.zt.spi.risk.Decision.Type.ALLOW);
        assertThat(decisions.get(5)).isEqualTo(dev.zt.spi.risk.Decision.Type.DENY);
        assertThat(decisions.get(8)).isEqualTo(dev.zt.spi.risk.Decision.Type.REVOKE_SESSION);
        for (int i = 0; i < 3; i++) {
            a.risk().recordDenial(t, record);
        }
        dev.zt.spi.risk.RiskContext tenth = b.risk().context(t, record, "10.0.0.1", null).build();
        assertThat(tenth.recentDenials()).isEqualTo(3);
        assertThat(tenth.requestsLastMinute()).isEqualTo(10); // denials are not requests; this one is
    }

    @Test
    void aSessionsCookieReplayedWithAnotherBrowserOnAnotherNodeIsSeenThroughRedis() {
        settings.put("zt.risk.checks", "session-drift");
        ZeroTrust a = node();
        ZeroTrust b = node();
        IssuedSession s = a.sessions().create(a.verifier().verify(access(TestTokens.valid(Instant.now()))));
        VerifiedToken t = a.verifier().verify(s.token());
        dev.zt.session.SessionView record = a.sessions().find(s.sessionId()).orElseThrow();
        String firefox = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";
        dev.zt.spi.risk.Decision owner = a.risk().evaluate(a.risk().context(t, record, "10.0.0.1", null)
                .userAgent(firefox).build());
        assertThat(owner.score()).isZero();
        dev.zt.spi.risk.Decision replayed = b.risk().evaluate(b.risk().context(t, record, "10.0.0.1", null)
                .userAgent("curl/8.5.0").build());
        assertThat(replayed.contributions()).as("what the session began with, remembered in Redis by node a")
                .containsEntry("session_drift", 30);
    }

    @Test
    void sessionUsedAlternatelyFromTwoCountriesOnTwoNodesIsSeen() {
        ZeroTrust a = node();
        ZeroTrust b = node();
        RedisStoreProvider provider = new RedisStoreProvider();
        try (dev.zt.spi.store.StoreProvider.Stores stores = provider.create(ZtConfig.fromMap(settings),
                java.time.Clock.systemUTC(), getClass().getClassLoader())) {
            dev.zt.spi.store.WindowStore w = stores.windows().orElseThrow();
            assertThat(w.alternates("s1", "DE", java.time.Duration.ofMinutes(10))).isFalse();
            assertThat(w.alternates("s1", "FR", java.time.Duration.ofMinutes(10))).isFalse();
            assertThat(w.alternates("s1", "DE", java.time.Duration.ofMinutes(10))).isTrue();
        }
        assertThat(a).isNotSameAs(b);
    }

    @Test
    void aProfilesNetworksBaselineAndAccuracyAreSharedThroughRedis() {
        ZeroTrust a = node();
        ZeroTrust b = node();
        Instant t = Instant.parse("2026-12-01T09:00:30Z");
        dev.zt.spi.risk.Baseline baseline = dev.zt.spi.risk.Baseline.empty().withSample(t, 6)
                .withSample(t.plusSeconds(60), 9).withTemplate("/api/orders/{}").withTemplate("/api/whoami");
        a.risk().profiles().update("iss dana", p -> p.withNetwork("AS15169", t).withPendingNetwork("AS3333", t)
                .withBaseline(baseline).withLastLocation(dev.zt.spi.risk.GeoLocation.of("SE", 59.33, 18.06, 50), t));
        dev.zt.spi.risk.SubjectProfile read = b.risk().profiles().get("iss dana");
        assertThat(read.networks()).containsEntry("AS15169", t);
        assertThat(read.pendingNetworks()).containsEntry("AS3333", t);
        assertThat(read.baseline()).isEqualTo(baseline);
        assertThat(read.baseline().knowsTemplate("/api/orders/{}")).isTrue();
        assertThat(read.baseline().templateCount()).isEqualTo(2);
        assertThat(read.lastLocation().orElseThrow().accuracyRadiusKm()).hasValue(50);
    }

    @Test
    void whatASessionWasFirstSeenWithIsRememberedOnceForEveryNode() {
        RedisStoreProvider provider = new RedisStoreProvider();
        try (dev.zt.spi.store.StoreProvider.Stores one = provider.create(ZtConfig.fromMap(settings),
                java.time.Clock.systemUTC(), getClass().getClassLoader());
                dev.zt.spi.store.StoreProvider.Stores two = provider.create(ZtConfig.fromMap(settings),
                java.time.Clock.systemUTC(), getClass().getClassLoader())) {
            dev.zt.spi.store.WindowStore a = one.windows().orElseThrow();
            dev.zt.spi.store.WindowStore b = two.windows().orElseThrow();
            java.time.Duration ttl = java.time.Duration.ofHours(8);
            assertThat(a.remember("drift s1", "AS1 ff", false, ttl)).isEqualTo("AS1 ff");
            assertThat(b.remember("drift s1", "AS2 cc", false, ttl)).isEqualTo("AS1 ff");
            assertThat(b.remember("drift s1", "AS2 cc", true, ttl)).isEqualTo("AS2 cc");
            assertThat(a.remember("drift s1", "AS3 dd", false, ttl)).isEqualTo("AS2 cc");
        }
    }

    @Test
    void passwordIsSentWhenConfigured() throws Exception {
        redis.close();
        redis = new RedisServer("s3cret-for-tests");
        settings.put("zt.redis.uri", redis.uri());
        Path secret = dir.resolve("redis-password");
        Files.writeString(secret, "s3cret-for-tests\n");
        settings.put("zt.redis.password", "file:" + secret);
        ZeroTrust a = node();
        IssuedSession s = a.sessions().create(a.verifier().verify(access(TestTokens.valid(Instant.now()))));
        assertThat(a.sessions().find(s.sessionId())).isPresent();
        settings.remove("zt.redis.password");
        ZeroTrust unauthenticated = node();
        assertThat(reasonOf(() -> unauthenticated.sessions().create(unauthenticated.verifier().verify(
                access(TestTokens.valid(Instant.now())))))).isEqualTo(RejectionReason.STORE_UNAVAILABLE);
    }

    @Test
    void tlsConnectionWithATrustedCertificate() throws Exception {
        Path tls = Files.createDirectories(dir.resolve("tls"));
        Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout",
                tls.resolve("key.pem").toString(), "-out", tls.resolve("cert.pem").toString(), "-days", "2", "-subj",
                "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(openssl.waitFor()).as("openssl made a test certificate").isZero();
        redis.close();
        redis = new RedisServer(null, tls);
        settings.put("zt.redis.uri", redis.uri());
        settings.put("zt.redis.tls.ca-file", "file:" + tls.resolve("cert.pem"));
        ZeroTrust a = node();
        IssuedSession s = a.sessions().create(a.verifier().verify(access(TestTokens.valid(Instant.now()))));
        assertThat(a.sessions().find(s.sessionId())).isPresent();
        settings.remove("zt.redis.tls.ca-file");
        ZeroTrust untrusting = node();
        assertThat(reasonOf(() -> untrusting.sessions().find("x"))).isEqualTo(RejectionReason.STORE_UNAVAILABLE);
    }

    @Test
    void unknownStoreNameFailsStartup() {
        settings.put("zt.store", "cassandra");
        assertThatThrownBy(this::node).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("no store provider");
        settings.put("zt.store", "redis");
        settings.put("zt.redis.uri", "redis://user:secret@127.0.0.1:6379/0");
        assertThatThrownBy(this::node).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("zt.redis.password").hasMessageNotContaining("secret@");
    }
}
