package dev.zt.risk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zt.spi.risk.Decision;
import dev.zt.config.ConfigurationException;
import dev.zt.config.ZtConfig;
import dev.zt.internal.risk.CidrGeoLocator;
import dev.zt.spi.risk.GeoLocation;
import dev.zt.spi.risk.RiskCheck;
import dev.zt.spi.risk.RiskContext;
import dev.zt.spi.risk.SubjectProfile;
import dev.zt.spi.risk.RiskSignal;
import dev.zt.spi.event.SecurityEvent;
import dev.zt.session.SessionView;
import dev.zt.testing.MutableClock;
import dev.zt.testing.TestChecks;
import dev.zt.token.VerifiedToken;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Each built-in check with an injected clock, the policy's combination rules, fail-closed, discovery. */
class RiskEngineTest {

    static final String GEO = "192.0.2.0/24,DE,52.52,13.40\n198.51.100.0/24,FR,48.85,2.35\n"
            + "203.0.113.0/24,US,40.71,-74.01\n2001:db8::/32,JP,35.68,139.69\n203.0.113.128/25,CA,43.65,-79.38\n";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T10:00:00Z"));
    private final Map<String, String> settings = new HashMap<>();
    private final List<dev.zt.ZeroTrust> engines = new ArrayList<>();

    RiskEngineTest() {
        // the test's own checks run on the risk pool; its first thread of a cold JVM on a loaded CI machine can miss
        // the 50 ms default, and the request would be denied (risk_check_failed): the budget is tested on its own
        settings.put("zt.risk.timeout", "10s");
    }

    @AfterEach
    void close() {
        engines.forEach(dev.zt.ZeroTrust::close);
    }

    private dev.zt.ZeroTrust zt(List<dev.zt.spi.event.SecurityEventListener> listeners, RiskCheck... extra) {
        dev.zt.ZeroTrust.Builder b = dev.zt.ZeroTrust.builder(ZtConfig.fromMap(settings)).clock(clock)
                .geoLocator(CidrGeoLocator.parse(GEO));
        for (RiskCheck c : extra) {
            b.riskCheck(c);
        }
        listeners.forEach(b::eventListener);
        dev.zt.ZeroTrust zt = b.build();
        engines.add(zt);
        return zt;
    }

    private RiskEngine engine(RiskCheck... extra) {
        return zt(List.of(), extra).risk();
    }

    private static VerifiedToken.Builder alice() {
        return VerifiedToken.builder().algorithm("RS256").issuer("https://idp").subject("alice")
                .expiresAt(Instant.parse("2030-01-01T00:00:00Z"));
    }

    private Decision request(RiskEngine e, VerifiedToken token, SessionView session, String address) {
        RiskContext ctx = e.context(token, session, address, null).method("GET").path("/orders").build();
        return e.evaluate(ctx);
    }

    private Decision request(RiskEngine e, String address) {
        return request(e, alice().build(), null, address);
    }

    private static SessionView session(String id, String acr, Instant authTime) {
        return SessionView.builder().id(id).subject("alice").createdAt(Instant.EPOCH).lastSeenAt(Instant.EPOCH)
                .currentExpiresAt(Instant.EPOCH).acr(acr).authTime(authTime).build();
    }

    @Test
    void geoWhenCidrFileThenLongestPrefixWinsForIpv4AndIpv6() {
        CidrGeoLocator geo = CidrGeoLocator.parse(GEO);
        assertThat(geo.locate("192.0.2.7")).map(GeoLocation::country).contains("DE");
        assertThat(geo.locate("203.0.113.5")).map(GeoLocation::country).contains("US");
        assertThat(geo.locate("203.0.113.200")).map(GeoLocation::country).contains("CA");
        assertThat(geo.locate("2001:db8::1")).map(GeoLocation::country).contains("JP");
        assertThat(geo.locate("::ffff:192.0.2.9")).map(GeoLocation::country).contains("DE");
        assertThat(geo.locate("10.0.0.1")).isEmpty();
        assertThat(geo.locate("not-an-ip")).isEmpty();
        assertThatThrownBy(() -> CidrGeoLocator.parse("192.0.2.0/24,Germany")).hasMessageContaining("line 1");
    }

    @Test
    void newCountryWhenFirstCountryThenLearnedWithoutChallenge() {
        RiskEngine e = engine();
        assertThat(request(e, "192.0.2.1").type()).isEqualTo(Decision.Type.ALLOW);
        assertThat(e.profiles().get("https://idp alice").knows("DE")).isTrue();
    }

    @Test
    void subjectWhoseHistoryWasLostStepsUpOnItsFirstCountryAndDeviceInsteadOfLearningThem() {
        settings.put("zt.risk.checks", "new-country,new-device");
        RiskEngine e = engine();
        e.profiles().update("https://idp alice", p -> SubjectProfile.unknown()); // what a store that lost data answers
        Decision first = e.evaluate(e.context(alice().build(), null, "192.0.2.1", null).deviceId("d1").build());
        assertThat(first.type()).isEqualTo(Decision.Type.STEP_UP);
        assertThat(first.reasons()).contains("new_country", "new_device");
        assertThat(e.profiles().get("https://idp alice").countries()).isEmpty();
        clock.advance(Duration.ofMinutes(1));
        VerifiedToken mfa = alice().acr("mfa").authTime(clock.instant()).build();
        assertThat(e.evaluate(e.context(mfa, null, "192.0.2.1", null).deviceId("d1").build()).type())
                .isEqualTo(Decision.Type.ALLOW);
        assertThat(request(e, "192.0.2.1").type()).isEqualTo(Decision.Type.ALLOW); // learned once confirmed
        assertThat(e.profiles().get("https://idp alice").historyUnknown()).isTrue(); // yet never learns without MFA
    }

    @Test
    void newCountryWhenSecondCountryThenStepUpUntilPassedThenKnown() {
        settings.put("zt.risk.max-travel-kmh", "100000");
        RiskEngine e = engine();
        request(e, "192.0.2.1");
        clock.advance(Duration.ofHours(3));
        Decision d = request(e, "198.51.100.1");
        assertThat(d.type()).isEqualTo(Decision.Type.STEP_UP);
        assertThat(d.acr()).contains("mfa");
        assertThat(d.reasons()).contains("new_country");
        clock.advance(Duration.ofMinutes(1));
        // an access token whose acr satisfies the policy, authenticated after the country was first seen
        VerifiedToken mfa = alice().acr("mfa").authTime(clock.instant()).build();
        assertThat(request(e, mfa, null, "198.51.100.1").type()).isEqualTo(Decision.Type.ALLOW);
        assertThat(request(e, "198.51.100.1").type()).isEqualTo(Decision.Type.ALLOW); // known from now on
        // an old MFA (before the country was first seen) does not count
        clock.advance(Duration.ofHours(12));
        VerifiedToken oldMfa = alice().acr("mfa").authTime(Instant.parse("2026-11-29T00:00:00Z")).build();
        assertThat(request(e, oldMfa, null, "203.0.113.1").type()).isEqualTo(Decision.Type.STEP_UP);
    }

    @Test
    void newCountryWhenSessionSteppedUpThenLearned() {
        settings.put("zt.risk.max-travel-kmh", "100000");
        RiskEngine e = engine();
        request(e, alice().build(), session("s1", null, null), "192.0.2.1");
        clock.advance(Duration.ofHours(2));
        assertThat(request(e, alice().build(), session("s1", null, null), "198.51.100.1").type())
                .isEqualTo(Decision.Type.STEP_UP);
        clock.advance(Duration.ofMinutes(1));
        assertThat(request(e, alice().build(), session("s1", "mfa", clock.instant()), "198.51.100.1").type())
                .isEqualTo(Decision.Type.ALLOW);
    }

    @Test
    void impossibleTravelWhenFasterThanMaxThenStepUpOrDeny() {
        settings.put("zt.risk.checks", "impossible-travel");
        RiskEngine e = engine();
        request(e, "192.0.2.1"); // Berlin
        clock.advance(Duration.ofMinutes(30));
        Decision d = request(e, "203.0.113.1"); // New York, 6400 km in 30 minutes
        assertThat(d.type()).isEqualTo(Decision.Type.STEP_UP);
        assertThat(d.reasons()).contains("impossible_travel");
        clock.advance(Duration.ofHours(20));
        assertThat(request(e, "192.0.2.1").type()).isEqualTo(Decision.Type.ALLOW); // 6400 km in 20 h: a flight
    }

    @Test
    void checksWhenNoneThenNothingRunsAndEveryRequestIsAllowedWithScoreZero() {
        settings.put("zt.risk.checks", "none");
        RiskEngine e = engine();
        request(e, "192.0.2.1"); // Berlin
        clock.advance(Duration.ofMinutes(30));
        Decision d = request(e, "203.0.113.1"); // New York: impossible travel, a new country, yet nothing runs
        assertThat(d.type()).isEqualTo(Decision.Type.ALLOW);
        assertThat(d.score()).isZero();
        assertThat(d.reasons()).isEmpty();
    }

    @Test
    void impossibleTravelWhenConfiguredToDenyThenDenied() {
        settings.put("zt.risk.checks", "impossible-travel");
        settings.put("zt.risk.impossible-travel-action", "deny");
        RiskEngine e = engine();
        request(e, "192.0.2.1");
        clock.advance(Duration.ofMinutes(10));
        assertThat(request(e, "203.0.113.1").type()).isEqualTo(Decision.Type.DENY);
    }

    @Test
    void newDeviceWhenUnknownDeviceThenStepUpAndFirstDeviceLearned() {
        settings.put("zt.risk.checks", "new-device");
        RiskEngine e = engine();
        Decision first = e.evaluate(e.context(alice().build(), null, "10.0.0.1", null).deviceId("d1").build());
        assertThat(first.type()).isEqualTo(Decision.Type.ALLOW);
        Decision second = e.evaluate(e.context(alice().build(), null, "10.0.0.1", null).deviceId("d2").build());
        assertThat(second.type()).isEqualTo(Decision.Type.STEP_UP);
        assertThat(second.reasons()).contains("new_device");
        Decision after = e.evaluate(e.context(alice().acr("mfa").build(), null, "10.0.0.1", null).deviceId("d2")
                .build());
        assertThat(after.type()).isEqualTo(Decision.Type.ALLOW);
    }

    @Test
    void requestRateWhenAboveLimitThenDeniedAndFarAboveRevoked() {
        settings.put("zt.risk.checks", "request-rate");
        settings.put("zt.risk.rate.max-per-minute", "5");
        settings.put("zt.risk.rate.revoke-per-minute", "8");
        RiskEngine e = engine();
        SessionView s = session("burst", null, null);
        for (int i = 0; i < 5; i++) {
            assertThat(request(e, alice().build(), s, "10.0.0.1").type()).isEqualTo(Decision.Type.ALLOW);
        }
        Decision limited = request(e, alice().build(), s, "10.0.0.1");
        assertThat(limited.type()).isEqualTo(Decision.Type.DENY);
        assertThat(limited.reasons()).contains("rate_limited");
        request(e, alice().build(), s, "10.0.0.1");
        request(e, alice().build(), s, "10.0.0.1");
        assertThat(request(e, alice().build(), s, "10.0.0.1").type()).isEqualTo(Decision.Type.REVOKE_SESSION);
        clock.advance(Duration.ofSeconds(61)); // the window slides
        assertThat(request(e, alice().build(), s, "10.0.0.1").type()).isEqualTo(Decision.Type.ALLOW);
    }

    @Test
    void authorizationFailuresWhenManyDenialsThenSessionRevoked() {
        settings.put("zt.risk.checks", "authorization-failures");
        settings.put("zt.risk.authz-failures.max", "3");
        RiskEngine e = engine();
        SessionView s = session("probe", null, null);
        VerifiedToken t = alice().build();
        for (int i = 0; i < 3; i++) {
            e.recordDenial(t, s);
        }
        assertThat(request(e, t, s, "10.0.0.1").type()).isEqualTo(Decision.Type.REVOKE_SESSION);
        clock.advance(Duration.ofMinutes(6));
        assertThat(request(e, t, s, "10.0.0.1").type()).isEqualTo(Decision.Type.ALLOW);
    }

    @Test
    void sessionHijackWhenOneSessionAlternatesBetweenCountriesThenRevoked() {
        settings.put("zt.risk.checks", "session-hijack");
        RiskEngine e = engine();
        SessionView s = session("shared", null, null);
        assertThat(request(e, alice().build(), s, "192.0.2.1").type()).isEqualTo(Decision.Type.ALLOW);
        assertThat(request(e, alice().build(), s, "198.51.100.1").type()).isEqualTo(Decision.Type.ALLOW);
        Decision d = request(e, alice().build(), s, "192.0.2.1");
        assertThat(d.type()).isEqualTo(Decision.Type.REVOKE_SESSION);
        assertThat(d.reasons()).contains("session_hijack");
    }

    @Test
    void policyWhenSeveralSignalsThenStrongestForcedActionWins() {
        settings.put("zt.risk.checks", "a,b,c");
        RiskEngine e = engine(TestChecks.of("a", RiskSignal.stepUp("mfa", "a_reason", null)),
                TestChecks.of("b", RiskSignal.revokeSession("b_reason", null)),
                TestChecks.of("c", RiskSignal.deny("c_reason", null)));
        Decision d = request(e, "10.0.0.1");
        assertThat(d.type()).isEqualTo(Decision.Type.REVOKE_SESSION);
        assertThat(d.reasons()).startsWith("b_reason").contains("a_reason", "c_reason");
    }

    @Test
    void policyWhenScoresAddUpThenThresholdsDecide() {
        settings.put("zt.risk.checks", "x,y");
        RiskEngine stepUp = engine(TestChecks.of("x", RiskSignal.score(30, "x", null)), TestChecks.of("y", RiskSignal.score(25,
                "y", null)));
        Decision d = request(stepUp, "10.0.0.1");
        assertThat(d.type()).isEqualTo(Decision.Type.STEP_UP);
        assertThat(d.score()).isEqualTo(55);
        assertThat(request(stepUp, alice().acr("mfa").build(), null, "10.0.0.1").type())
                .isEqualTo(Decision.Type.ALLOW);
        RiskEngine deny = engine(TestChecks.of("x", RiskSignal.score(50, "x", null)), TestChecks.of("y", RiskSignal.score(40, "y",
                null)));
        Decision denied = request(deny, "10.0.0.1");
        assertThat(denied.type()).isEqualTo(Decision.Type.DENY);
        assertThat(denied.score()).isEqualTo(90);
    }

    @Test
    void failClosedWhenCheckThrowsOrHangsUnlessAdvisory() {
        settings.put("zt.risk.checks", "boom");
        RiskEngine throwing = engine(new RiskCheck() {
            @Override
            public String id() {
                return "boom";
            }

            @Override
            public RiskSignal evaluate(RiskContext context) {
                throw new IllegalStateException("broken");
            }
        });
        Decision d = request(throwing, "10.0.0.1");
        assertThat(d.type()).isEqualTo(Decision.Type.DENY);
        assertThat(d.reasons()).containsExactly("risk_check_failed");

        CountDownLatch release = new CountDownLatch(1);
        settings.put("zt.risk.checks", "hang");
        settings.put("zt.risk.timeout", "100ms");
        RiskCheck hanging = new RiskCheck() {
            @Override
            public String id() {
                return "hang";
            }

            @Override
            public RiskSignal evaluate(RiskContext context) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return RiskSignal.none();
            }
        };
        RiskEngine slow = engine(hanging);
        assertThat(request(slow, "10.0.0.1").reasons()).containsExactly("risk_check_failed");
        settings.put("zt.risk.advisory", "hang");
        RiskEngine advisory = engine(hanging);
        assertThat(request(advisory, "10.0.0.1").type()).isEqualTo(Decision.Type.ALLOW);
        release.countDown();
    }

    @Test
    void discoveryWhenServiceLoaderFindsACheckThenItRuns() {
        RiskEngine e = engine();
        assertThat(e.checkIds()).contains("new-country", "impossible-travel", "new-device", "request-rate",
                "authorization-failures", "session-hijack", "test-service-loaded");
        Decision d = e.evaluate(e.context(alice().claims(Map.of("flag", "block")).build(), null, "10.0.0.1", null)
                .build());
        assertThat(d.type()).isEqualTo(Decision.Type.DENY);
        assertThat(d.reasons()).contains("flagged_by_service_loaded_check");
    }

    @Test
    void discoveryWhenTwoChecksShareAnIdThenStartupFails() {
        assertThatThrownBy(() -> engine(TestChecks.of("new-country", RiskSignal.none())))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("two risk checks have the id"
                        + " 'new-country'");
    }

    @Test
    void selectionWhenUnknownIdThenStartupFailsWithClosestId() {
        settings.put("zt.risk.checks", "new-contry");
        assertThatThrownBy(this::engine).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("did you mean 'new-country'");
        settings.put("zt.risk.checks", "request-rate, new-country");
        assertThat(engine().checkIds()).containsExactly("request-rate", "new-country");
    }

    @Test
    void eventsWhenEmittedThenListenersGetThemAndFailuresAreContained() {
        List<SecurityEvent> seen = new ArrayList<>();
        dev.zt.ZeroTrust zt = zt(List.of(seen::add, ev -> {
            throw new IllegalStateException("listener bug");
        }));
        RiskEngine e = zt.risk();
        SecurityEvent ev = SecurityEvent.builder(clock.instant(), "request_decision").subject("alice").sessionId("s1")
                .clientAddress("192.0.2.1").country("DE").method("GET").path("/orders").decision("DENY")
                .reasons(List.of("new_country")).policyVersion(e.policyVersion()).build();
        zt.events().emit(ev);
        assertThat(seen).containsExactly(ev);
        assertThat(dev.zt.internal.monitoring.AuditLog.json(ev)).contains("\"decision\":\"DENY\"",
                "\"reasons\":[\"new_country\"]", "\"country\":\"DE\"");
        e.evaluate(e.context(alice().build(), null, "10.0.0.1", null).build());
        assertThat(zt.events().counters()).containsKey("decision.allow");
    }

    @Test
    void wantsEventWhenNobodyListensAndAuditIsAtInfoThenOnlyRefusalsAreWanted() {
        java.util.logging.Logger audit = java.util.logging.Logger.getLogger("dev.zt.audit");
        java.util.logging.Level before = audit.getLevel();
        audit.setLevel(java.util.logging.Level.INFO);
        try {
            dev.zt.monitoring.DecisionLog quiet = zt(List.of()).events();
            assertThat(quiet.wants("ALLOW")).as("allowed decisions log at DEBUG").isFalse();
            assertThat(quiet.wants("DENY")).isTrue();
            assertThat(quiet.wants("STEP_UP")).isTrue();
            dev.zt.monitoring.DecisionLog listened = zt(List.of(ev -> { })).events();
            assertThat(listened.wants("ALLOW")).as("a listener gets every event").isTrue();
            audit.setLevel(java.util.logging.Level.FINE);
            assertThat(quiet.wants("ALLOW")).as("audit at DEBUG").isTrue();
        } finally {
            audit.setLevel(before);
        }
    }

    @Test
    void metricsWhenMicrometerPresentThenDecisionsAndReasonsAreCountedThere() {
        io.micrometer.core.instrument.simple.SimpleMeterRegistry registry =
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        io.micrometer.core.instrument.Metrics.addRegistry(registry);
        try {
            settings.put("zt.risk.checks", "x");
            dev.zt.ZeroTrust zt = zt(List.of(), TestChecks.of("x", RiskSignal.deny("x_reason", null)));
            request(zt.risk(), "10.0.0.1");
            request(zt.risk(), "10.0.0.1");
            assertThat(registry.get("zt.decisions").tag("application", "zt").tag("decision", "deny").counter()
                    .count()).as("one counter, created once, counted twice").isEqualTo(2.0);
            assertThat(registry.get("zt.reasons").tag("reason", "x_reason").counter().count()).isEqualTo(2.0);
            assertThat(zt.events().counters()).containsEntry("decision.deny", 2L).containsEntry("reason.x_reason", 2L);
        } finally {
            io.micrometer.core.instrument.Metrics.removeRegistry(registry);
        }
    }
}
