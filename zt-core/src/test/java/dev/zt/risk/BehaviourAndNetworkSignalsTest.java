package dev.zt.risk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zt.ZeroTrust;
import dev.zt.config.ZtConfig;
import dev.zt.session.SessionView;
import dev.zt.spi.risk.Decision;
import dev.zt.spi.risk.RiskContext;
import dev.zt.testing.GeoData;
import dev.zt.testing.MutableClock;
import dev.zt.token.VerifiedToken;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The network and behaviour signals on generated traffic with an injected clock, located by real databases
 * (ip-location-db's GeoLite2 City, ASN rows from its CSV): a normal user's day stays allowed, an enumeration of 200
 * endpoints in a minute by a user of 5 is revoked, a session cookie replayed from another network with another browser
 * is challenged, a traveller's single move is a step-up and not a block, listed networks, new networks, and the score
 * explained per signal.
 */
class BehaviourAndNetworkSignalsTest {

    /** Google (AS15169, US), RIPE NCC (AS3333, NL), Cloudflare (AS13335). */
    private static final String GOOGLE = "8.8.8.8";
    private static final String RIPE = "193.0.6.139";
    private static final String CLOUDFLARE = "1.1.1.1";
    private static final String FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";
    private static final String CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
            + " Chrome/131.0.0.0 Safari/537.36";

    @TempDir
    static Path dir;
    private static Path asn;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T09:00:00Z"));
    private final Map<String, String> settings = new HashMap<>();
    private final List<ZeroTrust> engines = new ArrayList<>();
    /** The engine's window store, when a test gives one. */
    private dev.zt.spi.store.WindowStore windows;

    @BeforeAll
    static void databases() throws Exception {
        asn = GeoData.asnDatabase(dir.resolve("asn.mmdb"), GOOGLE, RIPE, CLOUDFLARE);
    }

    @AfterEach
    void close() {
        engines.forEach(ZeroTrust::close);
    }

    private RiskEngine engine() throws Exception {
        Map<String, String> m = new HashMap<>(Map.of("zt.issuer", "https://idp", "zt.audience", "api",
                "zt.algorithms", "RS256", "zt.geo.asn-mmdb", "file:" + asn,
                "zt.geo.mmdb", "file:" + GeoData.geoliteCity().get(0)));
        m.putAll(settings);
        ZeroTrust.Builder builder = ZeroTrust.builder(ZtConfig.fromMap(m)).clock(clock).keySource("default",
                dev.zt.internal.keys.StaticKeySource.of(dev.zt.spi.keys.KeySet.of(List.of(
                        dev.zt.spi.keys.VerificationKey.of("k1", null, dev.zt.testing.TestKeys.RSA.getPublic()))),
                        "test"));
        if (windows != null) {
            builder.windowStore(windows);
        }
        ZeroTrust zt = builder.build();
        engines.add(zt);
        return zt.risk();
    }

    private static VerifiedToken.Builder alice() {
        return VerifiedToken.builder().algorithm("RS256").issuer("https://idp").subject("alice")
                .expiresAt(Instant.parse("2030-01-01T00:00:00Z"));
    }

    private Decision request(RiskEngine e, VerifiedToken token, SessionView session, String address, String path,
            String agent) {
        RiskContext ctx = e.context(token, session, address, null).method("GET").path(path).userAgent(agent).build();
        return e.evaluate(ctx);
    }

    private Decision request(RiskEngine e, String address, String path) {
        return request(e, alice().build(), null, address, path, FIREFOX);
    }

    private static SessionView session(String id, String acr, Instant authTime) {
        return SessionView.builder().id(id).subject("alice").createdAt(Instant.EPOCH).lastSeenAt(Instant.EPOCH)
                .currentExpiresAt(Instant.EPOCH).acr(acr).authTime(authTime).build();
    }

    /** The five endpoints alice works with, ids varying. */
    private static String usual(Random r) {
        switch (r.nextInt(5)) {
            case 0:
                return "/api/orders";
            case 1:
                return "/api/orders/" + (1000 + r.nextInt(9000));
            case 2:
                return "/api/orders/" + (1000 + r.nextInt(9000)) + "/items";
            case 3:
                return "/api/customers/" + java.util.UUID.nameUUIDFromBytes(new byte[] {(byte) r.nextInt()});
            default:
                return "/api/whoami";
        }
    }

    /** An office day: 9:00 to 17:00 UTC, 2 to 10 requests a minute to the usual endpoints; every decision. */
    private List<Decision> officeDay(RiskEngine e, Random r) {
        List<Decision> out = new ArrayList<>();
        Instant day = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.DAYS).plus(Duration.ofHours(9));
        for (int minute = 0; minute < 8 * 60; minute++) {
            clock.set(day.plus(Duration.ofMinutes(minute)));
            int n = 2 + r.nextInt(9);
            for (int i = 0; i < n; i++) {
                clock.advance(Duration.ofSeconds(60 / n - 1));
                out.add(request(e, GOOGLE, usual(r)));
            }
        }
        return out;
    }

    @Test
    void aNormalUsersDaysStayAllowedAndAnEnumerationOf200EndpointsInAMinuteIsRevoked() throws Exception {
        RiskEngine e = engine();
        Random r = new Random(42);
        List<Decision> first = officeDay(e, r);
        assertThat(first).allMatch(Decision::allowed);
        clock.advance(Duration.ofHours(16));
        List<Decision> second = officeDay(e, r);
        assertThat(second).allMatch(d -> d.allowed() && d.score() == 0);

        clock.set(clock.instant().truncatedTo(java.time.temporal.ChronoUnit.DAYS).plus(Duration.ofHours(34)));
        List<Decision> burst = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            clock.advance(Duration.ofMillis(250));
            burst.add(request(e, GOOGLE, "/api/" + Integer.toString(i, 26).replaceAll("[0-9]", "x") + "-admin"
                    + (char) ('a' + i % 26) + "/export"));
        }
        assertThat(burst).anySatisfy(d -> {
            assertThat(d.type()).isEqualTo(Decision.Type.REVOKE_SESSION);
            assertThat(d.reasons()).containsAnyOf("unusual_rate", "unusual_endpoints");
        });
        Decision revoked = burst.stream().filter(d -> d.type() == Decision.Type.REVOKE_SESSION).findFirst()
                .orElseThrow();
        assertThat(burst.indexOf(revoked)).as("caught within the first 60 requests").isLessThan(60);
    }

    @Test
    void aBurstOfNewEndpointsBeforeTheBaselineIsWarmIsNotJudged() throws Exception {
        RiskEngine e = engine();
        for (int i = 0; i < 40; i++) {
            clock.advance(Duration.ofSeconds(1));
            assertThat(request(e, GOOGLE, "/api/page" + (char) ('a' + i % 26) + (char) ('a' + i / 26)).allowed())
                    .isTrue();
        }
    }

    @Test
    void aCookieReplayedFromAnotherNetworkWithAnotherBrowserIsChallenged() throws Exception {
        settings.put("zt.risk.checks", "session-drift");
        RiskEngine e = engine();
        SessionView s = session("s-1", "pwd", Instant.EPOCH);
        VerifiedToken t = alice().build();
        assertThat(request(e, t, s, GOOGLE, "/api/orders", FIREFOX).allowed()).isTrue();
        Decision update = request(e, t, s, GOOGLE, "/api/orders", FIREFOX.replace("133", "134"));
        assertThat(update.allowed()).isTrue();
        assertThat(update.score()).as("a browser update is not a change").isZero();
        Decision moved = request(e, t, s, RIPE, "/api/orders", FIREFOX);
        assertThat(moved.allowed()).as("a network change alone only adds").isTrue();
        assertThat(moved.contributions()).containsExactly(Map.entry("session_drift", 30));
        Decision replayed = request(e, t, s, RIPE, "/api/orders", CHROME);
        assertThat(replayed.type()).isEqualTo(Decision.Type.STEP_UP);
        assertThat(replayed.acr()).contains("mfa");
        assertThat(replayed.contributions()).containsExactly(Map.entry("session_drift", 60));
        // the session's owner steps up from there: the new network and browser become the session's
        clock.advance(Duration.ofSeconds(30));
        SessionView stepped = session("s-1", "mfa", clock.instant());
        assertThat(request(e, t, stepped, RIPE, "/api/orders", CHROME).allowed()).isTrue();
        assertThat(request(e, t, session("s-1", "pwd", Instant.EPOCH), RIPE, "/api/orders", CHROME).score())
                .isZero();
        assertThat(request(e, t, session("s-2", "pwd", Instant.EPOCH), CLOUDFLARE, "/", CHROME).score())
                .as("another session has its own start").isZero();
    }

    @Test
    void whatEveryLiveSessionBeganWithIsKnownOnTheNodeSoItsRequestsAskTheSharedStoreNothing() throws Exception {
        settings.put("zt.risk.checks", "session-drift");
        java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
        dev.zt.internal.risk.RiskHistory shared = new dev.zt.internal.risk.RiskHistory(clock, 100_000,
                Duration.ofMinutes(5), Duration.ofMinutes(5));
        windows = (dev.zt.spi.store.WindowStore) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {dev.zt.spi.store.WindowStore.class}, (proxy, method, args) -> {
                    if (method.getName().equals("remember")) {
                        asked.incrementAndGet(); // with Redis, a round trip
                    }
                    try {
                        return method.invoke(shared, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        RiskEngine e = engine();
        VerifiedToken t = alice().build();
        int sessions = 12_000; // more than the 10,000 the node once knew, fewer than zt.session.max-entries
        for (int i = 0; i < sessions; i++) {
            assertThat(request(e, t, session("s-" + i, "pwd", Instant.EPOCH), GOOGLE, "/", FIREFOX).score()).isZero();
        }
        assertThat(asked.get()).as("each session's start, once").isEqualTo(sessions);
        for (int i = 0; i < sessions; i++) {
            request(e, t, session("s-" + i, "pwd", Instant.EPOCH), GOOGLE, "/", FIREFOX);
        }
        assertThat(asked.get()).as("their next requests").isEqualTo(sessions);
    }

    @Test
    void anMfaDoneBeforeTheCookieWasReplayedDoesNotVouchForTheReplay() throws Exception {
        settings.put("zt.risk.checks", "session-drift");
        RiskEngine e = engine();
        VerifiedToken t = alice().build();
        Instant login = clock.instant();
        // the owner logs in with MFA; a minute later the cookie is replayed from elsewhere with another browser
        assertThat(request(e, t, session("s-9", "mfa", login), GOOGLE, "/", FIREFOX).allowed()).isTrue();
        clock.advance(Duration.ofMinutes(1));
        Decision replayed = request(e, t, session("s-9", "mfa", login), RIPE, "/", CHROME);
        assertThat(replayed.type()).as("the login's MFA is not taken for a step-up").isEqualTo(Decision.Type.STEP_UP);
        assertThat(replayed.maxAge()).as("authentication from now on").contains(Duration.ZERO);
        assertThat(replayed.contributions()).containsEntry("session_drift", 60);
        assertThat(request(e, t, session("s-9", "mfa", login), GOOGLE, "/", FIREFOX).score())
                .as("the owner's place is still the session's").isZero();
    }

    @Test
    void aTravellersSingleMoveIsAStepUpNotABlock() throws Exception {
        RiskEngine e = engine();
        assertThat(request(e, RIPE, "/api/orders").allowed()).isTrue(); // Amsterdam, learned
        clock.advance(Duration.ofHours(9)); // a flight to the US
        Decision arrived = request(e, GOOGLE, "/api/orders");
        assertThat(arrived.type()).isEqualTo(Decision.Type.STEP_UP);
        assertThat(arrived.reasons()).contains("new_country").doesNotContain("impossible_travel");
    }

    @Test
    void aNewNetworkAsksForStepUpAndIsLearnedOnceTheSubjectPassesIt() throws Exception {
        settings.put("zt.risk.checks", "new-network");
        RiskEngine e = engine();
        assertThat(request(e, GOOGLE, "/").allowed()).as("the first network is learned").isTrue();
        Decision other = request(e, CLOUDFLARE, "/");
        assertThat(other.type()).isEqualTo(Decision.Type.STEP_UP);
        assertThat(other.reasons()).containsExactly("new_network");
        clock.advance(Duration.ofMinutes(1));
        VerifiedToken stepped = alice().acr("mfa").authTime(clock.instant()).build();
        assertThat(request(e, stepped, null, CLOUDFLARE, "/", FIREFOX).allowed()).isTrue();
        assertThat(request(e, CLOUDFLARE, "/").allowed()).as("now known").isTrue();
        assertThat(request(e, GOOGLE, "/").allowed()).isTrue();
    }

    @Test
    void listedNetworksAreDeniedOrAskedForStepUpByAsNumberOrCidr() throws Exception {
        settings.put("zt.risk.checks", "network-list");
        settings.put("zt.risk.network.deny", "AS15169, 203.0.113.0/24");
        settings.put("zt.risk.network.step-up", "193.0.0.0/21");
        RiskEngine e = engine();
        Decision google = request(e, GOOGLE, "/");
        assertThat(google.type()).isEqualTo(Decision.Type.DENY);
        assertThat(google.reasons()).containsExactly("listed_network");
        assertThat(request(e, "203.0.113.9", "/").type()).isEqualTo(Decision.Type.DENY);
        assertThat(request(e, RIPE, "/").type()).isEqualTo(Decision.Type.STEP_UP);
        assertThat(request(e, CLOUDFLARE, "/").allowed()).isTrue();
    }

    @Test
    void anUnusualHourAddsALittleAndNeverRefusesAlone() throws Exception {
        settings.put("zt.risk.checks", "unusual-rate, unusual-hour");
        RiskEngine e = engine();
        Random r = new Random(7);
        officeDay(e, r);
        clock.set(clock.instant().truncatedTo(java.time.temporal.ChronoUnit.DAYS).plus(Duration.ofHours(27)));
        Decision night = request(e, GOOGLE, "/api/orders");
        assertThat(night.allowed()).isTrue();
        assertThat(night.contributions()).containsExactly(Map.entry("unusual_hour", 10));
    }

    @Test
    void whatOneRequestTeachesSeveralChecksIsWrittenInOneProfileUpdate() throws Exception {
        Map<String, dev.zt.spi.risk.SubjectProfile> saved = new java.util.concurrent.ConcurrentHashMap<>();
        java.util.concurrent.atomic.AtomicInteger updates = new java.util.concurrent.atomic.AtomicInteger();
        dev.zt.spi.store.ProfileStore counting = new dev.zt.spi.store.ProfileStore() {
            @Override
            public dev.zt.spi.risk.SubjectProfile get(String key) {
                return saved.getOrDefault(key, dev.zt.spi.risk.SubjectProfile.empty());
            }

            @Override
            public void update(String key, java.util.function.UnaryOperator<dev.zt.spi.risk.SubjectProfile> f) {
                updates.incrementAndGet();
                saved.put(key, f.apply(get(key)));
            }
        };
        Map<String, String> m = new HashMap<>(Map.of("zt.issuer", "https://idp", "zt.audience", "api",
                "zt.algorithms", "RS256", "zt.geo.asn-mmdb", "file:" + asn,
                "zt.geo.mmdb", "file:" + GeoData.geoliteCity().get(0)));
        ZeroTrust zt = ZeroTrust.builder(ZtConfig.fromMap(m)).clock(clock).profileStore(counting).keySource("default",
                dev.zt.internal.keys.StaticKeySource.of(dev.zt.spi.keys.KeySet.of(List.of(
                        dev.zt.spi.keys.VerificationKey.of("k1", null, dev.zt.testing.TestKeys.RSA.getPublic()))),
                        "test")).build();
        engines.add(zt);
        // a new subject: its country, network, location, first rate sample and endpoint are learned at once
        assertThat(request(zt.risk(), RIPE, "/api/orders").allowed()).isTrue();
        assertThat(updates.get()).isEqualTo(1);
        dev.zt.spi.risk.SubjectProfile p = saved.values().iterator().next();
        assertThat(p.countries()).containsKey("NL");
        assertThat(p.networks()).containsKey("AS3333");
        assertThat(p.lastLocation()).isPresent();
        assertThat(p.baseline().samples()).isEqualTo(1);
        assertThat(p.baseline().knowsTemplate("/api/orders")).isTrue();
        clock.advance(Duration.ofSeconds(5));
        request(zt.risk(), RIPE, "/api/orders");
        assertThat(updates.get()).as("nothing new: nothing written").isEqualTo(1);
        clock.advance(Duration.ofSeconds(56));
        request(zt.risk(), RIPE, "/api/orders");
        assertThat(updates.get()).as("a minute later: the location's time and a rate sample, in one update")
                .isEqualTo(2);
    }

    @Test
    void theEngineSeesTheNetworkAndTheProfileKeepsIt() throws Exception {
        RiskEngine e = engine();
        request(e, GOOGLE, "/api/orders");
        RiskContext ctx = e.context(alice().build(), null, GOOGLE, null).build();
        assertThat(ctx.network().orElseThrow().id()).isEqualTo("AS15169");
        assertThat(ctx.profile().networks()).containsKey("AS15169");
        assertThat(ctx.profile().baseline().samples()).isEqualTo(1);
        assertThat(ctx.profile().baseline().templateCount()).isEqualTo(1);
        assertThat(ctx.profile().baseline().knowsTemplate("/api/orders")).isTrue();
        assertThat(Files.exists(asn)).isTrue();
    }
}
