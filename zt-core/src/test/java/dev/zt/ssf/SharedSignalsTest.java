package dev.zt.ssf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.zt.ZeroTrust;
import dev.zt.config.ConfigurationException;
import dev.zt.config.ZtConfig;
import dev.zt.internal.keys.StaticKeySource;
import dev.zt.internal.revocation.InMemoryRevocationStore;
import dev.zt.internal.ssf.AssuranceCaps;
import dev.zt.session.IssuedSession;
import dev.zt.spi.keys.KeySet;
import dev.zt.spi.keys.VerificationKey;
import dev.zt.spi.risk.Decision;
import dev.zt.spi.risk.SubjectProfile;
import dev.zt.spi.store.RevocationStore;
import dev.zt.testing.MutableClock;
import dev.zt.testing.TestKeys;
import dev.zt.testing.TestSets;
import dev.zt.testing.TestTokens;
import dev.zt.token.RejectionReason;
import dev.zt.token.TokenRejectedException;
import dev.zt.token.VerifiedToken;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * zt as an OpenID Shared Signals Framework 1.0 receiver: every SET verified as SSF 1.0 section 4 says (real
 * signatures, each refusal with its RFC 8935 error code), each CAEP and RISC event carried out by the session manager
 * or the subject's profile, at most one effect per {@code jti}, nothing applied in report-only mode, nothing
 * acknowledged that was not applied.
 */
class SharedSignalsTest {

    static final String CAEP = TestSets.CAEP;
    static final String RISC = TestSets.RISC;
    static final String RECEIVER = TestSets.RECEIVER;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-06T10:00:00Z"));
    private final Map<String, String> settings = new HashMap<>(Map.of(
            "zt.issuer", TestTokens.ISSUER, "zt.audience", TestTokens.AUDIENCE, "zt.algorithms", "RS256",
            "zt.ssf.transmitters.idp.issuer", TestTokens.ISSUER,
            "zt.ssf.transmitters.idp.audience", RECEIVER,
            "zt.ssf.transmitters.idp.push-authorization", "env:ZT_TEST_PUSH"));
    private final Map<String, String> env = Map.of("ZT_TEST_PUSH", "Bearer push-secret-1");
    private RevocationStore revocations;
    private ZeroTrust zt;

    @AfterEach
    void close() {
        if (zt != null) {
            zt.close();
        }
    }

    private ZeroTrust engine() {
        if (revocations == null) {
            revocations = new InMemoryRevocationStore(clock, 1000, Duration.ofHours(24));
        }
        return engine(revocations);
    }

    private ZeroTrust engine(RevocationStore store) {
        StaticKeySource keys = StaticKeySource.of(KeySet.of(List.of(VerificationKey.of("k1", null,
                TestKeys.RSA.getPublic()))), "test");
        zt = ZeroTrust.builder(ZtConfig.fromMap(settings)).clock(clock).environment(env).revocationStore(store)
                .keySource("default", keys).transmitterKeySource("idp", keys).build();
        return zt;
    }

    private String accessToken(String sub, String sid) {
        TestTokens t = TestTokens.valid(clock.instant()).kid("k1").claim("sub", sub).claim("acr", "pwd");
        if (sid != null) {
            t.claim("sid", sid);
        }
        return t.sign("RS256", TestKeys.RSA.getPrivate());
    }

    // ---- SETs, as a transmitter writes them ----

    private Map<String, Object> at(Instant t) {
        return new LinkedHashMap<>(Map.of("event_timestamp", t.getEpochSecond()));
    }

    /** A SET of the transmitter, issued now. */
    private TestSets set(String type, Map<String, Object> event, Map<String, Object> subject) {
        return TestSets.of(type, event, subject, clock.instant());
    }

    private static Map<String, Object> issSub(String sub) {
        return TestSets.issSub(sub);
    }

    private static Map<String, Object> userSession(String sub, String sid) {
        return TestSets.userSession(sub, sid);
    }

    private Receipt push(TestSets set) {
        return zt.sharedSignals().receive("idp", set.sign());
    }

    private RejectionReason refusal(String token) {
        TokenRejectedException e = catchThrowableOfType(TokenRejectedException.class,
                () -> zt.verifier().verify(token));
        return e == null ? null : e.reason();
    }

    // ---- actions ----

    @Test
    void sessionRevokedEndsThatProviderSessionsTokensAndTheZtSessionsExchangedFromThem() {
        engine();
        String s1 = accessToken("alice", "idp-s1");
        String s2 = accessToken("alice", "idp-s2");
        IssuedSession exchanged = zt.sessions().create(zt.verifier().verify(s1));
        Receipt r = push(set(CAEP + "session-revoked", at(clock.instant()), userSession("alice", "idp-s1")));
        assertThat(r.outcome()).as(r.toString()).isEqualTo(Receipt.Outcome.ACCEPTED);
        assertThat(refusal(s1)).isEqualTo(RejectionReason.TOKEN_REVOKED);
        assertThat(refusal(s2)).as("another provider session of the user").isNull();
        assertThatThrownBy(() -> zt.sessions().check(zt.verifier().verify(exchanged.token())))
                .isInstanceOfSatisfying(TokenRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(RejectionReason.SESSION_REVOKED));
    }

    @Test
    void sessionRevokedForAllSessionsCutsTheUserOffAtTheEventsTime() {
        engine();
        String before = accessToken("alice", "idp-s1");
        Instant event = clock.instant();
        clock.advance(Duration.ofSeconds(10));
        String after = accessToken("alice", "idp-s3"); // a new login after the logout
        // Keycloak's "log out all sessions" names the session ALL
        assertThat(push(set(CAEP + "session-revoked", at(event), userSession("alice", "ALL"))).outcome())
                .isEqualTo(Receipt.Outcome.ACCEPTED);
        assertThat(refusal(before)).isEqualTo(RejectionReason.TOKEN_REVOKED);
        assertThat(refusal(after)).as("issued after the event").isNull();
        assertThat(refusal(accessToken("bob", "idp-s4"))).as("another user").isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {CAEP + "credential-change", CAEP + "token-claims-change", RISC + "account-disabled",
        RISC + "account-purged", RISC + "account-credential-change-required", RISC + "credential-compromise",
        RISC + "identifier-recycled", RISC + "sessions-revoked"})
    void eventsThatNeedANewLoginRefuseEveryEarlierTokenAndSessionOfTheUser(String type) {
        engine();
        String token = accessToken("alice", "idp-s1");
        IssuedSession session = zt.sessions().create(zt.verifier().verify(token));
        clock.advance(Duration.ofSeconds(5));
        Receipt r = push(set(type, Map.of(), issSub("alice")));
        assertThat(r.outcome()).as(r.toString()).isEqualTo(Receipt.Outcome.ACCEPTED);
        assertThat(refusal(token)).isEqualTo(RejectionReason.TOKEN_REVOKED);
        assertThatThrownBy(() -> zt.sessions().check(zt.verifier().verify(session.token())))
                .isInstanceOf(TokenRejectedException.class);
        clock.advance(Duration.ofSeconds(1));
        assertThat(refusal(accessToken("alice", "idp-s2"))).as("a login after the event (no event_timestamp: its"
                + " iat)").isNull();
    }

    @Test
    void anEventTimestampInTheFutureCutsOffAtNowSoThatTheNextLoginWorks() {
        engine();
        push(set(CAEP + "credential-change", at(clock.instant().plus(Duration.ofDays(1))), issSub("alice")));
        clock.advance(Duration.ofSeconds(1));
        assertThat(refusal(accessToken("alice", "idp-s2"))).isNull();
    }

    @Test
    void anEmailSubjectRefusesTokensAndSessionsCarryingThatAddressInAnyCase() {
        engine();
        String token = TestTokens.valid(clock.instant()).kid("k1").claim("sub", "u-1").claim("email",
                "Alice@Example.COM").sign("RS256", TestKeys.RSA.getPrivate());
        IssuedSession session = zt.sessions().create(zt.verifier().verify(token));
        String other = TestTokens.valid(clock.instant()).kid("k1").claim("sub", "u-2").claim("email",
                "bob@example.com").sign("RS256", TestKeys.RSA.getPrivate());
        clock.advance(Duration.ofSeconds(2));
        Receipt r = push(set(RISC + "account-disabled", Map.of(), Map.of("format", "email", "email",
                "alice@example.com")));
        assertThat(r.outcome()).as(r.toString()).isEqualTo(Receipt.Outcome.ACCEPTED);
        assertThat(refusal(token)).isEqualTo(RejectionReason.TOKEN_REVOKED);
        assertThat(refusal(other)).isNull();
        assertThatThrownBy(() -> zt.sessions().check(zt.verifier().verify(session.token())))
                .isInstanceOf(TokenRejectedException.class);
    }

    @Test
    void anAliasesSubjectNamingAnAddressAndASubCutsOffTokensCarryingEither() {
        engine();
        String bySub = accessToken("u-5", null); // no email claim
        String byEmail = TestTokens.valid(clock.instant()).kid("k1").claim("sub", "u-5-other-idp-id")
                .claim("email", "dave@example.com").sign("RS256", TestKeys.RSA.getPrivate());
        String other = accessToken("u-6", null);
        clock.advance(Duration.ofSeconds(2));
        Receipt r = push(set(RISC + "account-disabled", Map.of(), Map.of("format", "aliases", "identifiers",
                List.of(Map.of("format", "email", "email", "dave@example.com"), Map.of("format", "phone_number",
                        "phone_number", "+1-202-555-0100"), issSub("u-5")))));
        assertThat(r.outcome()).as(r.toString()).isEqualTo(Receipt.Outcome.ACCEPTED);
        assertThat(refusal(bySub)).as("the sub alias, though the address came first").isEqualTo(
                RejectionReason.TOKEN_REVOKED);
        assertThat(refusal(byEmail)).as("the address alias").isEqualTo(RejectionReason.TOKEN_REVOKED);
        assertThat(refusal(other)).isNull();
    }

    @Test
    void aDuplicateJtiIsAcknowledgedWithoutASecondEffect() {
        engine();
        TestSets set = set(CAEP + "credential-change", at(clock.instant()), issSub("alice"));
        String signed = set.sign();
        assertThat(zt.sharedSignals().receive("idp", signed).outcome()).isEqualTo(Receipt.Outcome.ACCEPTED);
        clock.advance(Duration.ofMinutes(5));
        String newLogin = accessToken("alice", "idp-s9");
        Receipt again = zt.sharedSignals().receive("idp", signed);
        assertThat(again.outcome()).isEqualTo(Receipt.Outcome.DUPLICATE);
        assertThat(again.acknowledged()).isTrue();
        assertThat(refusal(newLogin)).as("the replay moved no cut-off").isNull();
    }

    @Test
    void anEventThatCouldNotBeAppliedIsNeitherAcknowledgedNorRecordedSoItsRedeliveryApplies() {
        AtomicBoolean down = new AtomicBoolean(true);
        RevocationStore inner = new InMemoryRevocationStore(clock, 1000, Duration.ofHours(24));
        engine(new dev.zt.testing.FlakyRevocationStore(inner, down));
        String token = accessToken("alice", "idp-s1");
        clock.advance(Duration.ofSeconds(1));
        String signed = set(CAEP + "credential-change", Map.of(), issSub("alice")).sign();
        Receipt first = zt.sharedSignals().receive("idp", signed);
        assertThat(first.outcome()).isEqualTo(Receipt.Outcome.UNAVAILABLE);
        assertThat(first.acknowledged()).isFalse();
        down.set(false);
        assertThat(zt.sharedSignals().receive("idp", signed).outcome()).as("delivered again")
                .isEqualTo(Receipt.Outcome.ACCEPTED);
        assertThat(refusal(token)).isEqualTo(RejectionReason.TOKEN_REVOKED);
    }

    @Test
    void aLoweredAssuranceCapsEarlierAuthenticationsOnlyAndAnIncreaseChangesNothing() {
        engine();
        VerifiedToken mfa = zt.verifier().verify(TestTokens.valid(clock.instant()).kid("k1").claim("sub", "alice")
                .claim("acr", "mfa").claim("auth_time", clock.instant().getEpochSecond())
                .sign("RS256", TestKeys.RSA.getPrivate()));
        clock.advance(Duration.ofSeconds(5));
        Map<String, Object> increase = new LinkedHashMap<>(Map.of("current_level", "mfa", "change_direction",
                "increase", "namespace", "custom"));
        assertThat(push(set(CAEP + "assurance-level-change", increase, issSub("alice"))).outcome())
                .isEqualTo(Receipt.Outcome.ACCEPTED);
        assertThat(AssuranceCaps.apply(mfa, profile("alice"))).isSameAs(mfa);
        Map<String, Object> decrease = at(clock.instant());
        decrease.putAll(Map.of("current_level", "pwd", "previous_level", "mfa", "change_direction", "decrease",
                "namespace", "custom"));
        assertThat(push(set(CAEP + "assurance-level-change", decrease, issSub("alice"))).outcome())
                .isEqualTo(Receipt.Outcome.ACCEPTED);
        VerifiedToken capped = AssuranceCaps.apply(mfa, profile("alice"));
        assertThat(capped.acr()).contains("pwd");
        assertThat(capped.claims().get("acr")).isEqualTo("pwd");
        clock.advance(Duration.ofSeconds(5));
        VerifiedToken later = zt.verifier().verify(TestTokens.valid(clock.instant()).kid("k1").claim("sub", "alice")
                .claim("acr", "mfa").claim("auth_time", clock.instant().getEpochSecond())
                .sign("RS256", TestKeys.RSA.getPrivate()));
        assertThat(AssuranceCaps.apply(later, profile("alice"))).as("authenticated after the report").isSameAs(later);
    }

    @Test
    void aNonCompliantDeviceRevokesTheSessionsUsingItUntilANewerReportSaysCompliant() {
        engine();
        VerifiedToken token = zt.verifier().verify(accessToken("alice", "idp-s1"));
        Map<String, Object> device = Map.of("format", "complex", "user", issSub("alice"), "device",
                Map.of("format", "opaque", "id", "laptop-7"));
        Instant t1 = clock.instant();
        Map<String, Object> bad = at(t1);
        bad.put("current_status", "not-compliant");
        bad.put("previous_status", "compliant");
        assertThat(push(set(CAEP + "device-compliance-change", bad, device)).outcome())
                .isEqualTo(Receipt.Outcome.ACCEPTED);
        assertThat(decide(token, "laptop-7").type()).isEqualTo(Decision.Type.REVOKE_SESSION);
        assertThat(decide(token, "laptop-7").reasons()).contains("device_not_compliant");
        assertThat(decide(token, "phone-2").type()).as("another device").isNotEqualTo(Decision.Type.REVOKE_SESSION);
        clock.advance(Duration.ofSeconds(60));
        Map<String, Object> good = at(t1.plusSeconds(60));
        good.put("current_status", "compliant");
        push(set(CAEP + "device-compliance-change", good, device));
        assertThat(decide(token, "laptop-7").type()).isNotEqualTo(Decision.Type.REVOKE_SESSION);
        Map<String, Object> stale = at(t1.plusSeconds(30)); // late, older than the compliant report
        stale.put("current_status", "not-compliant");
        push(set(CAEP + "device-compliance-change", stale, device));
        assertThat(decide(token, "laptop-7").type()).as("an older report never overwrites a newer one")
                .isNotEqualTo(Decision.Type.REVOKE_SESSION);
    }

    @Test
    void aRiskLevelAddsItsScoreToTheNextDecision() {
        settings.put("zt.ssf.risk-scores", "low:0, medium:50, high:90");
        engine();
        VerifiedToken token = zt.verifier().verify(accessToken("alice", "idp-s1"));
        assertThat(decide(token, null).type()).isEqualTo(Decision.Type.ALLOW);
        Map<String, Object> high = at(clock.instant());
        high.putAll(Map.of("current_level", "HIGH", "principal", "USER", "risk_reason", "PASSWORD_FOUND_IN_DATA_BREACH"));
        assertThat(push(set(CAEP + "risk-level-change", high, issSub("alice"))).outcome())
                .isEqualTo(Receipt.Outcome.ACCEPTED);
        Decision d = decide(token, null);
        assertThat(d.type()).isEqualTo(Decision.Type.DENY);
        assertThat(d.reasons()).contains("ssf_risk_level");
        Map<String, Object> medium = at(clock.instant().plusSeconds(1));
        medium.put("current_level", "MEDIUM");
        push(set(CAEP + "risk-level-change", medium, issSub("alice")));
        assertThat(decide(token, null).type()).isEqualTo(Decision.Type.STEP_UP);
        Map<String, Object> low = at(clock.instant().plusSeconds(2));
        low.put("current_level", "LOW");
        push(set(CAEP + "risk-level-change", low, issSub("alice")));
        assertThat(decide(token, null).type()).isEqualTo(Decision.Type.ALLOW);
    }

    private Decision decide(VerifiedToken token, String device) {
        return zt.risk().evaluate(zt.risk().context(token, null, "192.0.2.1", null).method("GET").path("/orders")
                .deviceId(device).build());
    }

    private SubjectProfile profile(String sub) {
        return zt.risk().profiles().get(TestTokens.ISSUER + " " + sub);
    }

    @Test
    void reportOnlyModeVerifiesAndLogsButAppliesNothing() {
        settings.put("zt.mode", "report-only");
        engine();
        String token = accessToken("alice", "idp-s1");
        clock.advance(Duration.ofSeconds(1));
        Receipt r = push(set(CAEP + "credential-change", Map.of(), issSub("alice")));
        assertThat(r.outcome()).isEqualTo(Receipt.Outcome.ACCEPTED);
        assertThat(r.description()).contains("report-only");
        assertThat(refusal(token)).isNull();
        assertThat(push(set(CAEP + "session-revoked", Map.of(), Map.of("format", "phone_number",
                "phone_number", "+1")))
                .outcome()).as("report-only still refuses what is wrong").isEqualTo(Receipt.Outcome.REJECTED);
    }

    @Test
    void understoodEventsWithoutAnActionAreAcknowledged() {
        engine();
        for (String type : List.of(RISC + "account-enabled", CAEP + "session-established", RISC + "opt-in")) {
            assertThat(push(set(type, Map.of(), issSub("alice"))).outcome()).as(type)
                    .isEqualTo(Receipt.Outcome.ACCEPTED);
        }
    }

    @Test
    void verificationAndStreamUpdatesAreRecordedInTheStreamStatus() {
        engine();
        Map<String, Object> stream = Map.of("format", "opaque", "id", "stream-1");
        assertThat(push(set("https://schemas.openid.net/secevent/ssf/event-type/verification",
                Map.of("state", "abc"), stream)).outcome()).isEqualTo(Receipt.Outcome.ACCEPTED);
        StreamStatus s = zt.sharedSignals().streams().get(0);
        assertThat(s.lastVerification()).contains(clock.instant());
        assertThat(s.status()).isEqualTo("enabled");
        push(set("https://schemas.openid.net/secevent/ssf/event-type/stream-updated", Map.of("status", "paused",
                "reason", "maintenance"), stream));
        assertThat(zt.sharedSignals().streams().get(0).status()).isEqualTo("paused");
        assertThat(push(set("https://schemas.openid.net/secevent/ssf/event-type/stream-updated",
                Map.of("status", "sleeping"), stream)).outcome()).isEqualTo(Receipt.Outcome.REJECTED);
    }

    @Test
    void streamsAreVisibleOverJmxWithTheirCountsAndLag() throws Exception {
        engine();
        push(set(CAEP + "credential-change", Map.of(), issSub("alice")));
        push(credentialChange().with("aud", "nobody"));
        javax.management.MBeanServer server = java.lang.management.ManagementFactory.getPlatformMBeanServer();
        java.util.Set<javax.management.ObjectName> names = server.queryNames(new javax.management.ObjectName(
                "dev.zt:type=SharedSignals,*"), null);
        javax.management.ObjectName mine = null;
        for (javax.management.ObjectName n : names) {
            javax.management.openmbean.TabularData received = (javax.management.openmbean.TabularData) server
                    .getAttribute(n, "Received");
            if (received.get(new Object[] {"idp"}) != null && ((Long) received.get(new Object[] {"idp"})
                    .get("value")) == 1L) {
                mine = n;
            }
        }
        assertThat(mine).as("this engine's MBean among " + names).isNotNull();
        javax.management.openmbean.TabularData rejected = (javax.management.openmbean.TabularData) server
                .getAttribute(mine, "Rejected");
        assertThat(rejected.get(new Object[] {"idp"}).get("value")).isEqualTo(1L);
        javax.management.openmbean.TabularData lag = (javax.management.openmbean.TabularData) server
                .getAttribute(mine, "LagSeconds");
        assertThat(lag.get(new Object[] {"idp"}).get("value")).isEqualTo(0L);
        zt.close();
        assertThat(server.isRegistered(mine)).as("unregistered with the engine").isFalse();
        zt = null;
    }

    @Test
    void streamsAreMeteredInMicrometerAndTheLagGrowsWhileTheTransmitterIsSilent() {
        io.micrometer.core.instrument.simple.SimpleMeterRegistry registry =
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        io.micrometer.core.instrument.Metrics.addRegistry(registry);
        try {
            StaticKeySource keys = StaticKeySource.of(KeySet.of(List.of(VerificationKey.of("k1", null,
                    TestKeys.RSA.getPublic()))), "test");
            zt = ZeroTrust.builder(ZtConfig.fromMap(settings)).clock(clock).environment(env)
                    .applicationName("ssf-meters").keySource("default", keys).transmitterKeySource("idp", keys)
                    .build();
            java.util.function.Function<String, io.micrometer.core.instrument.search.RequiredSearch> meter =
                    name -> registry.get(name).tag("application", "ssf-meters").tag("transmitter", "idp");
            clock.advance(Duration.ofSeconds(90));
            assertThat(meter.apply("zt.ssf.lag").gauge().value()).as("never heard from: counted from the start")
                    .isEqualTo(90.0);
            push(set(CAEP + "credential-change", Map.of(), issSub("alice")));
            push(credentialChange().with("aud", "nobody"));
            assertThat(meter.apply("zt.ssf.sets.received").functionCounter().count()).isEqualTo(1.0);
            assertThat(meter.apply("zt.ssf.sets.rejected").functionCounter().count()).isEqualTo(1.0);
            assertThat(meter.apply("zt.ssf.lag").gauge().value()).isEqualTo(0.0);
            clock.advance(Duration.ofSeconds(30));
            assertThat(meter.apply("zt.ssf.lag").gauge().value()).isEqualTo(30.0);
            dev.zt.monitoring.Health.Component stream = zt.health().components().stream()
                    .filter(c -> c.name().equals("ssf:idp")).findFirst().orElseThrow();
            assertThat(stream.values()).as("the health view's number for the console").containsEntry("lag_seconds", 30L);
            zt.close();
            zt = null;
            assertThat(registry.find("zt.ssf.lag").tag("application", "ssf-meters").gauge())
                    .as("removed with the engine").isNull();
        } finally {
            io.micrometer.core.instrument.Metrics.removeRegistry(registry);
        }
    }

    // ---- refusals ----

    private void assertRefused(TestSets set, String code) {
        Receipt r = push(set);
        assertThat(r.outcome()).as(r.toString()).isEqualTo(Receipt.Outcome.REJECTED);
        assertThat(r.errorCode()).as(r.toString()).contains(code);
        assertThat(r.publicDescription()).doesNotContain("alice");
    }

    private TestSets credentialChange() {
        return set(CAEP + "credential-change", Map.of(), issSub("alice"));
    }

    @Test
    void everyMalformedOrForeignSetIsRefusedWithItsRfc8935Code() {
        engine();
        TestSets otherKey = credentialChange();
        otherKey.key = TestKeys.RSA_2.getPrivate();
        assertRefused(otherKey, "invalid_key");
        assertRefused(credentialChange().header("kid", "k9"), "invalid_key");
        assertRefused(credentialChange().with("iss", "https://evil.example"), "invalid_issuer");
        assertRefused(credentialChange().with("aud", "someone-else"), "invalid_audience");
        assertRefused(credentialChange().with("aud", null), "invalid_audience");
        assertRefused(credentialChange().header("typ", "JWT"), "invalid_request");
        assertRefused(credentialChange().header("typ", null), "invalid_request");
        assertRefused(credentialChange().with("sub", "alice"), "invalid_request");
        assertRefused(credentialChange().with("jti", null), "invalid_request");
        assertRefused(credentialChange().with("iat", null), "invalid_request");
        assertRefused(credentialChange().with("iat", clock.instant().plus(Duration.ofMinutes(5)).getEpochSecond()),
                "invalid_request");
        assertRefused(credentialChange().with("iat", clock.instant().minus(Duration.ofDays(2)).getEpochSecond()),
                "invalid_request");
        assertRefused(credentialChange().with("exp", clock.instant().minusSeconds(1).getEpochSecond()),
                "invalid_request");
        assertRefused(credentialChange().with("sub_id", null), "invalid_request");
        assertRefused(credentialChange().with("events", Map.of(CAEP + "credential-change", Map.of(),
                RISC + "account-disabled", Map.of())), "invalid_request");
        assertRefused(credentialChange().with("events", Map.of()), "invalid_request");
        assertRefused(credentialChange().with("events", Map.of(CAEP + "credential-change", "x")), "invalid_request");
        assertRefused(set("https://example.com/made-up-event", Map.of(), issSub("alice")), "invalid_request");
        assertRefused(set(CAEP + "credential-change", Map.of(), Map.of("format", "iss_sub", "iss",
                "https://other-idp.example", "sub", "alice")), "invalid_request");
        assertRefused(set(CAEP + "credential-change", Map.of(), Map.of("format", "phone_number", "phone_number",
                "+12065550100")), "invalid_request");
        assertRefused(set(CAEP + "credential-change", Map.of(), Map.of("format", "iss_sub")), "invalid_request");
        assertRefused(set(CAEP + "device-compliance-change", Map.of("current_status", "not-compliant"),
                issSub("alice")), "invalid_request"); // no device named
        TestSets hmac = credentialChange().header("alg", "HS256");
        hmac.key = new javax.crypto.spec.SecretKeySpec(new byte[32], "HmacSHA256");
        assertRefused(hmac, "invalid_request");
        assertThat(zt.sharedSignals().receive("idp", "not.a.set").errorCode()).contains("invalid_request");
        assertThat(zt.sharedSignals().receive("idp", "").errorCode()).contains("invalid_request");
        assertThat(zt.sharedSignals().receive("idp", accessToken("alice", "s")).errorCode())
                .as("an access token is no SET").contains("invalid_request");
        assertThat(zt.sharedSignals().receive("nobody", credentialChange().sign()).outcome())
                .isEqualTo(Receipt.Outcome.REJECTED);
        assertThat(zt.sharedSignals().streams().get(0).rejected()).isGreaterThanOrEqualTo(20);
    }

    @Test
    void aSetNeverPassesForAnAccessToken() {
        engine();
        String set = credentialChange().with("exp", clock.instant().plusSeconds(600).getEpochSecond())
                .with("aud", TestTokens.AUDIENCE).sign();
        assertThat(refusal(set)).isIn(RejectionReason.HEADER_INVALID, RejectionReason.CLAIM_INVALID);
        String untyped = credentialChange().header("typ", null).with("exp", clock.instant().plusSeconds(600)
                .getEpochSecond()).with("aud", TestTokens.AUDIENCE).with("sub", "alice").sign();
        assertThat(refusal(untyped)).as("its events claim gives it away").isEqualTo(RejectionReason.CLAIM_INVALID);
    }

    @Test
    void aPushIsAttributedOnlyToTheTransmitterWhoseAuthorizationItCarries() {
        engine();
        assertThat(zt.sharedSignals().pushTransmitter("Bearer push-secret-1")).contains("idp");
        assertThat(zt.sharedSignals().pushTransmitter("Bearer push-secret-2")).isEmpty();
        assertThat(zt.sharedSignals().pushTransmitter("Bearer push-secret-")).isEmpty();
        assertThat(zt.sharedSignals().pushTransmitter("")).isEmpty();
        assertThat(zt.sharedSignals().pushTransmitter(null)).isEmpty();
    }

    // ---- Global Token Revocation ----

    @Test
    void globalTokenRevocationCutsTheSubjectOffForEveryFormatZtCanResolve() {
        settings.put("zt.gtr.issuer", "default");
        engine();
        String a = accessToken("alice", "s1");
        String b = accessToken("bob", "s2");
        String c = TestTokens.valid(clock.instant()).kid("k1").claim("sub", "u-3").claim("email", "carol@example.com")
                .sign("RS256", TestKeys.RSA.getPrivate());
        clock.advance(Duration.ofSeconds(1));
        assertThat(zt.sharedSignals().revokeSubject(Map.of("format", "opaque", "id", "alice"), "tool").outcome())
                .isEqualTo(Receipt.Outcome.ACCEPTED);
        assertThat(zt.sharedSignals().revokeSubject(issSub("bob"), "tool").outcome())
                .isEqualTo(Receipt.Outcome.ACCEPTED);
        assertThat(zt.sharedSignals().revokeSubject(Map.of("format", "email", "email", "carol@example.com"), "tool")
                .outcome()).isEqualTo(Receipt.Outcome.ACCEPTED);
        assertThat(List.of(refusal(a), refusal(b), refusal(c))).containsOnly(RejectionReason.TOKEN_REVOKED);
        assertThat(zt.sharedSignals().revokeSubject(Map.of("format", "iss_sub", "iss", "https://other.example",
                "sub", "x"), "tool").errorCode()).contains("unknown_subject");
        assertThat(zt.sharedSignals().revokeSubject(Map.of("format", "did", "url", "did:example:1"), "tool")
                .errorCode()).contains("invalid_request");
    }

    // ---- configuration ----

    @Test
    void transmitterKeysComeFromTheEnvironmentAndSsfConfigurationIsFoundAsSsf72Says() {
        ZtConfig c = ZtConfig.builder().source(dev.zt.config.ConfigSource.environment(Map.of(
                "ZT_ISSUER", TestTokens.ISSUER, "ZT_AUDIENCE", TestTokens.AUDIENCE,
                "ZT_JWKS_URI", "https://idp.example.test/jwks",
                "ZT_SSF_TRANSMITTERS_KC_MAIN_ISSUER", TestTokens.ISSUER,
                "ZT_SSF_TRANSMITTERS_KC_MAIN_AUDIENCE", RECEIVER,
                "ZT_SSF_TRANSMITTERS_KC_MAIN_DELIVERY", "poll",
                "ZT_SSF_TRANSMITTERS_KC_MAIN_CLIENT_ID", "zt",
                "ZT_SSF_TRANSMITTERS_KC_MAIN_CLIENT_SECRET", "env:ZT_SSF_SECRET"))).build();
        dev.zt.config.TransmitterConfig t = c.ssf().transmitters().get("kc-main");
        assertThat(t.delivery()).isEqualTo(dev.zt.config.TransmitterConfig.Delivery.POLL);
        assertThat(t.clientId()).contains("zt");
        assertThat(t.subjectsIssuer()).isEqualTo("default");
        assertThat(t.scopes()).containsExactly("ssf.read", "ssf.manage");
        assertThat(dev.zt.internal.ssf.SharedSignalsFactoryAccess.configurationUri(
                "https://idp.example/realms/acme")).hasToString(
                "https://idp.example/.well-known/ssf-configuration/realms/acme");
        assertThat(dev.zt.internal.ssf.SharedSignalsFactoryAccess.configurationUri("https://idp.example:8443/"))
                .hasToString("https://idp.example:8443/.well-known/ssf-configuration");
    }

    @Test
    void configurationErrorsNameTheKey() {
        assertConfigError(Map.of("zt.ssf.transmitters.idp.issuer", TestTokens.ISSUER,
                "zt.ssf.transmitters.idp.audience", RECEIVER), "push-authorization");
        assertConfigError(Map.of("zt.ssf.transmitters.idp.issuer", TestTokens.ISSUER,
                "zt.ssf.transmitters.idp.audience", RECEIVER, "zt.ssf.transmitters.idp.delivery", "poll"),
                "zt.ssf.transmitters.idp.client-id");
        assertConfigError(Map.of("zt.ssf.transmitters.idp.issuer", "https://other.example",
                "zt.ssf.transmitters.idp.audience", RECEIVER, "zt.ssf.transmitters.idp.push-authorization",
                "env:X"), "zt.ssf.transmitters.idp.subjects-issuer");
        assertConfigError(Map.of("zt.ssf.transmitters.idp.issuer", TestTokens.ISSUER,
                "zt.ssf.transmitters.idp.audience", RECEIVER, "zt.ssf.transmitters.idp.push-authorization",
                "Bearer plain-text"), "zt.ssf.transmitters.idp.push-authorization");
        assertConfigError(Map.of("zt.ssf.transmitters.idp.issuer", TestTokens.ISSUER,
                "zt.ssf.transmitters.idp.audience", RECEIVER, "zt.ssf.transmitters.idp.push-authorization", "env:X",
                "zt.ssf.transmitters.idp.algorithms", "HS256"), "zt.ssf.transmitters.idp.algorithms");
        assertConfigError(Map.of("zt.ssf.transmitters.idp.issuer", TestTokens.ISSUER,
                "zt.ssf.transmitters.idp.audience", RECEIVER, "zt.ssf.transmitters.idp.push-authorization", "env:X",
                "zt.ssf.transmitters.idp.delivery", "smoke"), "zt.ssf.transmitters.idp.delivery");
        assertConfigError(Map.of("zt.ssf.transmitters.idp.issuer", TestTokens.ISSUER,
                "zt.ssf.transmitters.idp.audience", RECEIVER, "zt.ssf.transmitters.idp.push-authorization", "env:X",
                "zt.ssf.transmitters.idp.audiance", "x"), "zt.ssf.transmitters.idp.audiance");
        assertConfigError(Map.of("zt.ssf.risk-scores", "low:0, high:50"), "zt.ssf.risk-scores");
        assertConfigError(Map.of("zt.gtr.issuer", "nobody"), "zt.gtr.issuer");
        assertConfigError(Map.of("zt.type", "service", "zt.gtr.issuer", "default"), "zt.gtr.subjects-issuer");
    }

    private static void assertConfigError(Map<String, String> extra, String key) {
        Map<String, String> m = new HashMap<>(Map.of("zt.issuer", TestTokens.ISSUER, "zt.audience",
                TestTokens.AUDIENCE, "zt.jwks-uri", "https://idp.example.test/jwks"));
        m.putAll(extra);
        assertThatThrownBy(() -> ZtConfig.fromMap(m)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(key);
    }
}
