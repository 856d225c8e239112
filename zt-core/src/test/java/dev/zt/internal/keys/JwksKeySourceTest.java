package dev.zt.internal.keys;

import dev.zt.config.JwksSettings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zt.config.ZtConfig;
import dev.zt.spi.keys.KeySet;
import dev.zt.spi.keys.KeySourceException;
import dev.zt.testing.Json;
import dev.zt.testing.Jwk;
import dev.zt.testing.JwksServer;
import dev.zt.testing.MutableClock;
import dev.zt.testing.TestKeys;

import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The JWKS manager against a real HTTP server on 127.0.0.1; time is moved with a clock, never slept through. */
class JwksKeySourceTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T10:00:00Z"));
    private final Map<String, String> settings = new HashMap<>();
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private JwksServer server;
    private final List<JwksKeySource> sources = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = new JwksServer().body(Jwk.set(Jwk.of("k1", TestKeys.RSA.getPublic())));
    }

    @AfterEach
    void stop() {
        server.close();
        executor.shutdownNow();
    }

    private JwksKeySource source() {
        JwksSettings s = ZtConfig.fromMap(settings).jwks();
        HttpClient client = HttpClient.newBuilder().connectTimeout(s.connectTimeout()).executor(executor).build();
        JwksKeySource source = new JwksKeySource(JwksFetcher.forUri(server.uri(), client, s.readTimeout(),
                s.maxBytes(), getClass().getClassLoader()), s, clock, executor);
        source.awaitIdle();
        sources.add(source);
        return source;
    }

    private static boolean hasKid(KeySet keys, String kid) {
        return !keys.withId(kid).isEmpty();
    }

    @Test
    void startWhenCreatedThenFirstFetchServesKeys() {
        JwksKeySource source = source();
        assertThat(hasKid(source.keys(), "k1")).isTrue();
        assertThat(server.requests()).isEqualTo(1);
        source.keys();
        assertThat(server.requests()).isEqualTo(1);
    }

    @Test
    void rotationWhenUnknownKidThenRefetchedAndRemovedKeysNoLongerTrusted() {
        JwksKeySource source = source();
        KeySet before = source.keys();
        server.body(Jwk.set(Jwk.of("k2", TestKeys.RSA_2.getPublic())));
        KeySet after = source.keysForUnknownKeyId("k2");
        assertThat(hasKid(after, "k2")).isTrue();
        assertThat(hasKid(after, "k1")).isFalse();
        assertThat(after.contains(before.withId("k1").get(0))).isFalse();
        assertThat(source.keys()).isSameAs(after);
    }

    @Test
    void rotationWhenKeyUnchangedThenItKeepsItsIdentity() {
        JwksKeySource source = source();
        KeySet before = source.keys();
        server.body(Jwk.set(Jwk.of("k1", TestKeys.RSA.getPublic()), Jwk.of("k2", TestKeys.EC.getPublic())));
        KeySet after = source.keysForUnknownKeyId("k2");
        assertThat(after.contains(before.withId("k1").get(0))).isTrue();
    }

    @Test
    void unknownKidWhenAskedAgainWithinMinRefreshIntervalThenNoSecondFetch() {
        JwksKeySource source = source();
        source.keysForUnknownKeyId("nope-1");
        assertThat(server.requests()).isEqualTo(2);
        for (int i = 0; i < 100; i++) {
            source.keysForUnknownKeyId("nope-" + i);
        }
        assertThat(server.requests()).isEqualTo(2);
        clock.advance(Duration.ofSeconds(30));
        source.keysForUnknownKeyId("nope-x");
        assertThat(server.requests()).isEqualTo(3);
    }

    @Test
    void unknownKidWhenFiftyThreadsAskAtOnceThenOneFetch() throws Exception {
        JwksKeySource source = source();
        server.body(Jwk.set(Jwk.of("k1", TestKeys.RSA.getPublic()), Jwk.of("k2", TestKeys.RSA_2.getPublic())))
                .delay(200);
        ExecutorService pool = Executors.newFixedThreadPool(50);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<KeySet>> results = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                results.add(pool.submit(() -> {
                    go.await();
                    return source.keysForUnknownKeyId("k2");
                }));
            }
            go.countDown();
            for (Future<KeySet> f : results) {
                assertThat(hasKid(f.get(), "k2")).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(server.requests()).isEqualTo(2); // start-up + exactly one refetch
    }

    @Test
    void outageWhenFetchesFailThenLastGoodKeysServeUntilMaxStaleThenFailClosed() throws Exception {
        settings.put("zt.jwks.max-stale", "1h");
        JwksKeySource source = source();
        KeySet good = source.keys();
        server.status(500);
        clock.advance(Duration.ofMinutes(5)); // default TTL over
        assertThat(source.keys()).isSameAs(good); // stale, a background refresh starts
        server.awaitRequests(2);
        source.awaitIdle();
        clock.advance(Duration.ofMinutes(50));
        assertThat(source.keys()).isSameAs(good);
        clock.advance(Duration.ofMinutes(11)); // past TTL + max-stale
        assertThatThrownBy(source::keys).isInstanceOf(KeySourceException.class)
                .hasMessageContaining("HTTP status 500");

        server.status(200); // recovery without restart
        clock.advance(Duration.ofSeconds(31)); // past the back-off
        assertThat(hasKid(source.keys(), "k1")).isTrue();
    }

    @Test
    void startWhenFirstFetchFailsThenRetriedLater() {
        server.status(503);
        JwksKeySource source = source();
        assertThatThrownBy(source::keys).isInstanceOf(KeySourceException.class);
        int attempts = server.requests();
        assertThatThrownBy(source::keys).isInstanceOf(KeySourceException.class);
        assertThat(server.requests()).as("back-off: no fetch per request").isEqualTo(attempts);
        server.status(200);
        clock.advance(Duration.ofSeconds(2));
        assertThat(hasKid(source.keys(), "k1")).isTrue();
    }

    @Test
    void cacheControlWhenMaxAgeGivenThenRefreshAheadWithinBounds() throws Exception {
        server.cacheControl("public, max-age=600");
        JwksKeySource source = source();
        clock.advance(Duration.ofSeconds(470)); // before 80 % of 600 s
        source.keys();
        assertThat(server.requests()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(20)); // past 480 s: refresh ahead, keys still served
        assertThat(hasKid(source.keys(), "k1")).isTrue();
        server.awaitRequests(2);
        source.awaitIdle();
        assertThat(server.requests()).isEqualTo(2);
    }

    @Test
    void cacheControlWhenMaxAgeBelowMinimumThenClamped() {
        server.cacheControl("max-age=1");
        JwksKeySource source = source();
        clock.advance(Duration.ofSeconds(20)); // min-ttl 30 s: 80 % is 24 s
        source.keys();
        assertThat(server.requests()).isEqualTo(1);
    }

    @Test
    void fetchWhenResponseTooLargeThenRefused() {
        settings.put("zt.jwks.max-bytes", "1024");
        server.body(Jwk.set(Jwk.of("k1", TestKeys.RSA.getPublic()), Jwk.of("k2", TestKeys.RSA_2.getPublic()),
                Jwk.of("k3", TestKeys.rsa(4096).getPublic())));
        JwksKeySource source = source();
        assertThatThrownBy(source::keys).isInstanceOf(KeySourceException.class).hasMessageContaining("larger than");
    }

    @Test
    void fetchWhenServerTooSlowThenTimesOut() {
        settings.put("zt.jwks.read-timeout", "300ms");
        server.delay(2000);
        JwksKeySource source = source();
        assertThatThrownBy(source::keys).isInstanceOf(KeySourceException.class);
    }

    @Test
    void fetchWhenGarbageThenLastGoodKeysKept() {
        JwksKeySource source = source();
        KeySet good = source.keys();
        server.body("<html>oops</html>");
        assertThat(source.keysForUnknownKeyId("k9")).isSameAs(good);
        server.body("{\"keys\":[]}");
        clock.advance(Duration.ofSeconds(30));
        assertThat(source.keysForUnknownKeyId("k9")).isSameAs(good);
    }

    @Test
    void parseWhenRemoteSetHoldsSecretEncryptionOrWeakKeysThenTheyAreSkipped() {
        Map<String, Object> enc = new java.util.LinkedHashMap<>(Jwk.of("enc", TestKeys.RSA_2.getPublic()));
        enc.put("use", "enc");
        Map<String, Object> oct = Map.of("kty", "oct", "kid", "oct", "k", dev.zt.testing.Signer.b64(new byte[32]));
        Map<String, Object> weak = Jwk.of("weak", TestKeys.rsa(1024).getPublic());
        Map<String, Object> ops = new java.util.LinkedHashMap<>(Jwk.of("ops", TestKeys.EC.getPublic()));
        ops.put("key_ops", List.of("encrypt"));
        String doc = Json.write(Map.of("keys", List.of(Jwk.of("k1", TestKeys.RSA.getPublic()), enc, oct, weak, ops,
                "junk")));
        List<dev.zt.spi.keys.VerificationKey> remote = JwkSets.parse(doc, false, "test");
        assertThat(remote).extracting(k -> k.keyIdOrNull()).containsExactly("k1");
        assertThatThrownBy(() -> JwkSets.parse(doc, true, "test")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mixes secret and public keys");
        List<dev.zt.spi.keys.VerificationKey> local = JwkSets.parse(Json.write(Map.of("keys", List.of(oct))), true, "t");
        assertThat(local).extracting(k -> k.keyIdOrNull()).containsExactly("oct");
    }
}
