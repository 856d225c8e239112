package dev.zt.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zt.ZeroTrust;
import dev.zt.config.ConfigurationException;
import dev.zt.session.IssuedSession;
import dev.zt.session.SessionCheck;
import dev.zt.testing.TestTokens;
import dev.zt.token.RejectionReason;
import dev.zt.token.TokenRejectedException;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nodes sharing a real Redis that is killed, restarted empty, flushed, paused, partitioned from one node, or read by
 * someone who should not: no revoked token is accepted again, no session is lost to a fault, every refusal is
 * {@code store_unavailable}, nothing secret is at rest, and recovery needs no restart. Real time throughout (Redis
 * keeps real time); waits are bounded polls, never timing assertions.
 */
class RedisFaultsTest {

    private RedisServer redis;
    private final List<ZeroTrust> engines = new ArrayList<>();
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final Map<String, String> settings = new HashMap<>();

    @TempDir
    Path dir;

    @BeforeEach
    void settings() throws Exception {
        settings.putAll(Nodes.settings(dir));
        settings.put("zt.session.rotation-grace", "1s");
    }

    @AfterEach
    void stop() throws Exception {
        engines.forEach(ZeroTrust::close);
        for (AutoCloseable c : closeables) {
            c.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    private RedisServer redis(String... options) throws Exception {
        redis = options.length == 0 ? new RedisServer() : RedisServer.with(options);
        settings.put("zt.redis.uri", redis.uri());
        return redis;
    }

    private ZeroTrust node() {
        return node(Clock.systemUTC(), settings.get("zt.redis.uri"));
    }

    private ZeroTrust node(Clock clock, String uri) {
        Map<String, String> s = new HashMap<>(settings);
        s.put("zt.redis.uri", uri);
        ZeroTrust zt = Nodes.node(s, clock);
        engines.add(zt);
        return zt;
    }

    private static String access(TestTokens t) {
        return Nodes.access(t);
    }

    private static String access(String jti) {
        return access(TestTokens.valid(Instant.now()).claim("jti", jti));
    }

    private static RejectionReason reasonOf(Runnable r) {
        return Nodes.reasonOf(r);
    }

    /**
     * Polls (bounded) until {@code call} yields {@code expected}; every other answer on the way must be
     * {@code store_unavailable} (never an acceptance, never another refusal). Returns the milliseconds it took.
     */
    private static long until(Runnable call, RejectionReason expected) throws InterruptedException {
        long start = System.nanoTime();
        while (System.nanoTime() - start < 20_000_000_000L) {
            RejectionReason r = reasonOf(call);
            if (r == expected) {
                return (System.nanoTime() - start) / 1_000_000;
            }
            assertThat(r).as("while recovering").isEqualTo(RejectionReason.STORE_UNAVAILABLE);
            Thread.sleep(20);
        }
        throw new AssertionError("no " + expected + " within 20 s");
    }

    /** Polls (bounded) until {@code call} succeeds; every failure on the way must be {@code store_unavailable}. */
    private static <T> T once(Supplier<T> call) throws InterruptedException {
        long start = System.nanoTime();
        while (System.nanoTime() - start < 20_000_000_000L) {
            try {
                return call.get();
            } catch (TokenRejectedException e) {
                assertThat(e.reason()).as("while recovering").isEqualTo(RejectionReason.STORE_UNAVAILABLE);
                Thread.sleep(20);
            }
        }
        throw new AssertionError("not recovered within 20 s");
    }

    private RedisCommands<String, String> direct() {
        RedisClient client = RedisClient.create(redis.uri());
        StatefulRedisConnection<String, String> c = client.connect();
        closeables.add(client::shutdown);
        return c.sync();
    }

    /** Sleeps into the next second: tokens carry whole seconds, so one minted now is issued after anything before. */
    private static void nextSecond() throws InterruptedException {
        Thread.sleep(1000 - System.currentTimeMillis() % 1000 + 10);
    }

    @Test
    void redisThatMayLoseDataIsRefusedAtStartNamingTheSettingUnlessExplicitlyAllowed() throws Exception {
        redis("--appendonly", "no");
        assertThatThrownBy(this::node).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("appendonly is no").hasMessageContaining("zt.redis.allow-volatile");
        redis.close();
        redis("--appendonly", "yes", "--maxmemory", "64mb", "--maxmemory-policy", "allkeys-lru");
        assertThatThrownBy(this::node).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("maxmemory-policy is allkeys-lru");
        settings.put("zt.redis.allow-volatile", "true");
        ZeroTrust a = node();
        assertThat(a.sessions().create(a.verifier().verify(access("j-0"))).sessionId()).isNotEmpty();
    }

    @Test
    void redisChangedToLoseDataWhileRunningIsRefusedUntilItIsDurableAgain() throws Exception {
        redis();
        ZeroTrust a = node();
        a.verifier().verify(access("j-1"));
        direct().configSet("appendonly", "no");
        // refused from the next check on (at most five seconds later), and until the setting is back
        long start = System.nanoTime();
        while (reasonOf(() -> a.verifier().verify(access("j-" + System.nanoTime()))) == null
                && System.nanoTime() - start < 10_000_000_000L) {
            Thread.sleep(50);
        }
        assertThat(reasonOf(() -> a.verifier().verify(access("j-3")))).isEqualTo(RejectionReason.STORE_UNAVAILABLE);
        direct().configSet("appendonly", "yes");
        assertThat(once(() -> a.verifier().verify(access("j-4"))).tokenId()).contains("j-4");
    }

    @Test
    void emptyRestartDoesNotReviveRevokedTokensAndNewNodesLearnOfTheLoss() throws Exception {
        redis("--appendonly", "no");
        settings.put("zt.redis.allow-volatile", "true"); // the configuration the fault needs
        ZeroTrust a = node();
        String revoked = access("j-revoked");
        String loggedOut = access(TestTokens.valid(Instant.now()).claim("jti", "j-sid").claim("sid", "idp-s1"));
        String innocent = access("j-innocent");
        a.revocations().revokeToken(TestTokens.ISSUER, "j-revoked", Instant.now().plusSeconds(300));
        a.revocations().revokeSession(TestTokens.ISSUER, "idp-s1", Instant.now().plusSeconds(300));
        a.risk().profiles().update("iss alice", p -> p.withCountry("DE", Instant.now()));
        assertThat(reasonOf(() -> a.verifier().verify(revoked))).isEqualTo(RejectionReason.TOKEN_REVOKED);

        redis.wipe(); // Redis restarts with nothing: every revocation is gone from it
        redis.start();
        for (String t : new String[] {revoked, loggedOut, innocent}) { // issued before the loss: possibly revoked
            until(() -> a.verifier().verify(t), RejectionReason.TOKEN_REVOKED);
        }
        assertThatThrownBy(() -> a.sessions().create(a.verifier().verify(loggedOut)))
                .isInstanceOf(TokenRejectedException.class);
        assertThat(a.risk().profiles().get("iss alice").historyUnknown()).isTrue();

        ZeroTrust late = node(); // a node started after the loss never saw the old epoch: it reads the loss mark
        assertThat(reasonOf(() -> late.verifier().verify(revoked))).isEqualTo(RejectionReason.TOKEN_REVOKED);
        nextSecond();
        String fresh = access("j-fresh"); // issued after the loss: the user logged in again
        assertThat(a.verifier().verify(fresh).tokenId()).contains("j-fresh");
        assertThat(late.sessions().create(late.verifier().verify(fresh)).sessionId()).isNotEmpty();
    }

    @Test
    void flushOrEvictionWhileConnectedIsDetectedAtTheNextCheck() throws Exception {
        redis("--appendonly", "yes", "--maxmemory", "64mb", "--maxmemory-policy", "allkeys-lru");
        settings.put("zt.redis.allow-volatile", "true");
        ZeroTrust a = node();
        String revoked = access("j-revoked");
        a.revocations().revokeToken(TestTokens.ISSUER, "j-revoked", Instant.now().plusSeconds(300));
        // issued before the loss, once: a token minted on each poll would, a second later, be issued after the loss
        // and rightly pass (the test once failed that way on a loaded machine)
        String innocent = access("j-innocent");
        direct().flushall(); // what eviction of every key (the epoch among them) leaves
        // every revocation check reads the epoch too: the very next one sees the loss, the revocation never lapses
        assertThat(reasonOf(() -> a.verifier().verify(revoked))).isEqualTo(RejectionReason.TOKEN_REVOKED);
        until(() -> a.verifier().verify(innocent), RejectionReason.TOKEN_REVOKED);
        Thread.sleep(600); // past the near cache
        assertThat(reasonOf(() -> a.verifier().verify(revoked))).isEqualTo(RejectionReason.TOKEN_REVOKED);
    }

    @Test
    void killedDurableRedisKeepsRevocationsAndIsNotMistakenForALoss() throws Exception {
        redis("--appendonly", "yes", "--appendfsync", "always");
        ZeroTrust a = node();
        String revoked = access("j-revoked");
        String innocent = access("j-innocent");
        a.revocations().revokeToken(TestTokens.ISSUER, "j-revoked", Instant.now().plusSeconds(300));
        redis.kill();
        redis.start();
        until(() -> a.verifier().verify(revoked), RejectionReason.TOKEN_REVOKED);
        assertThat(once(() -> a.verifier().verify(innocent)).tokenId()).contains("j-innocent");
    }

    @Test
    void rotationWhoseWriteTimedOutButWasAppliedLaterIsHandedOverOnTheOtherNodeNotRevoked() throws Exception {
        redis();
        ZeroTrust a = node();
        ZeroTrust b = node();
        IssuedSession s = a.sessions().create(a.verifier().verify(access("j-1")));
        Thread.sleep(700);
        a.sessions().check(a.verifier().verify(s.token())); // first use; node A now holds the record in its near cache
        Thread.sleep(500); // due for refresh (10 s tokens refreshed 9 s before their end)
        direct().clientPause(1500); // Redis stalls: the rotation's compare-and-set waits, then is applied
        assertThat(reasonOf(() -> a.sessions().check(a.verifier().verify(s.token()))))
                .isEqualTo(RejectionReason.STORE_UNAVAILABLE); // the client got a 503 and keeps its token
        Thread.sleep(2500); // the pause is over, the write applied, and the 1 s grace long past
        SessionCheck retried = once(() -> b.sessions().check(b.verifier().verify(s.token())));
        assertThat(retried.refreshed()).isPresent();
        assertThat(retried.session().revoked()).isFalse();
        // handed over: the replacement the client never received, or (when that one is itself due by now, which
        // depends on where in its second it was minted) its own successor; either way the session's current token
        String current = b.sessions().find(s.sessionId()).orElseThrow().currentTokenId().orElseThrow();
        assertThat(b.verifier().verify(retried.refreshed().get().token()).tokenId()).contains(current);
        assertThat(once(() -> a.sessions().check(a.verifier().verify(retried.refreshed().get().token())))
                .session().revoked()).isFalse();
    }

    @Test
    void partitionLongerThanTheGraceLosesNoSessionAndEveryRefusalIsStoreUnavailable() throws Exception {
        redis();
        TcpProxy proxy = new TcpProxy(redis.port);
        closeables.add(proxy);
        ZeroTrust a = node(Clock.systemUTC(), proxy.uri()); // behind the partition
        ZeroTrust b = node();
        List<IssuedSession> sessions = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            sessions.add(b.sessions().create(b.verifier().verify(access(TestTokens.valid(Instant.now())
                    .claim("jti", "j-" + i).claim("sub", "user" + i)))));
        }
        for (IssuedSession s : sessions) {
            a.sessions().check(a.verifier().verify(s.token()));
        }
        Thread.sleep(1100); // all due
        proxy.partition();
        for (int round = 0; round < 3; round++) { // clients keep trying through the 3 s partition
            for (IssuedSession s : sessions) {
                assertThat(reasonOf(() -> a.sessions().check(a.verifier().verify(s.token()))))
                        .isEqualTo(RejectionReason.STORE_UNAVAILABLE);
            }
            Thread.sleep(1000);
        }
        proxy.heal(); // held writes (rotations node A attempted) now reach Redis
        for (IssuedSession s : sessions) { // each client retries with the token it has, on either node
            ZeroTrust node = sessions.indexOf(s) % 2 == 0 ? a : b;
            SessionCheck c = once(() -> node.sessions().check(node.verifier().verify(s.token())));
            String next = c.refreshed().map(IssuedSession::token).orElse(s.token());
            assertThat(once(() -> node.sessions().check(node.verifier().verify(next))).session().revoked()).isFalse();
        }
    }

    @Test
    void nodeClockFiveSecondsBehindDoesNotDecideTheGrace() throws Exception {
        redis();
        // 4 s: rotation instants are whole seconds, so the grace ends 3 to 4 s after the rotation; the late request
        // below comes about 1 s after it, which leaves a loaded machine 2 s of slack
        settings.put("zt.session.rotation-grace", "4s");
        ZeroTrust slow = node(Clock.offset(Clock.systemUTC(), Duration.ofSeconds(-5)), settings.get("zt.redis.uri"));
        ZeroTrust b = node();
        IssuedSession s = b.sessions().create(b.verifier().verify(access("j-1")));
        Thread.sleep(1100);
        IssuedSession fresh = slow.sessions().check(slow.verifier().verify(s.token())).refreshed().orElseThrow();
        b.sessions().check(b.verifier().verify(fresh.token())); // the client uses its new token
        Thread.sleep(1000);
        // a request sent before the rotation arrives late, within the grace on Redis's clock
        SessionCheck late = b.sessions().check(b.verifier().verify(s.token()));
        assertThat(late.refreshed()).isPresent();
        Thread.sleep(3500); // the grace is over on Redis's clock (the slow node's would still allow 5 s more)
        assertThat(reasonOf(() -> slow.sessions().check(slow.verifier().verify(s.token()))))
                .isEqualTo(RejectionReason.TOKEN_REUSED);
    }

    @Test
    void redisHoldsNoSessionTokenNorAnyOtherBearerCredential() throws Exception {
        redis();
        ZeroTrust a = node();
        IssuedSession s = a.sessions().create(a.verifier().verify(access("j-1")));
        a.sessions().check(a.verifier().verify(s.token()));
        Thread.sleep(1100);
        IssuedSession rotated = a.sessions().check(a.verifier().verify(s.token())).refreshed().orElseThrow();
        RedisCommands<String, String> c = direct();
        StringBuilder everything = new StringBuilder();
        for (String key : c.keys("*")) {
            String type = c.type(key);
            if (type.equals("hash")) {
                everything.append(c.hgetall(key)).append('\n');
            } else if (type.equals("string")) {
                everything.append(c.get(key)).append('\n');
            } else if (type.equals("zset")) {
                everything.append(c.zrange(key, 0, -1)).append('\n');
            }
        }
        assertThat(everything.toString()).contains(s.sessionId()).doesNotContain(s.token())
                .doesNotContain(rotated.token());
        Set<String> parts = Set.of(s.token().split("\\.")[2], rotated.token().split("\\.")[2]);
        parts.forEach(signature -> assertThat(everything.toString()).doesNotContain(signature));
    }

    @Test
    void nodeStartingWhileRedisIsUnreachableStartsAtOnceRefusesThenRecoversByItself() throws Exception {
        redis();
        redis.stop();
        ZeroTrust a = node(); // returns although nothing answers: requests are refused until Redis is there
        String token = access("j-1");
        for (int i = 0; i < 5; i++) {
            assertThat(reasonOf(() -> a.verifier().verify(token))).isEqualTo(RejectionReason.STORE_UNAVAILABLE);
        }
        redis.start();
        assertThat(once(() -> a.verifier().verify(token)).tokenId()).contains("j-1");
    }
}
