package dev.zt.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.zt.ZeroTrust;
import dev.zt.config.ConfigurationException;
import dev.zt.config.ZtConfig;
import dev.zt.internal.keys.StaticKeySource;
import dev.zt.spi.keys.KeySet;
import dev.zt.spi.keys.VerificationKey;
import dev.zt.testing.MutableClock;
import dev.zt.testing.TestKeys;
import dev.zt.testing.TestTokens;
import dev.zt.token.RejectionReason;
import dev.zt.token.TokenRejectedException;
import dev.zt.token.VerifiedToken;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionManagerTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T10:00:00Z"));
    private final Map<String, String> settings = new HashMap<>(Map.of(
            "zt.issuer", TestTokens.ISSUER, "zt.audience", TestTokens.AUDIENCE, "zt.algorithms", "RS256"));
    private ZeroTrust zt;

    @TempDir
    Path dir;

    @AfterEach
    void close() {
        if (zt != null) {
            zt.close();
        }
    }

    private ZeroTrust engine() {
        zt = ZeroTrust.builder(ZtConfig.fromMap(settings)).clock(clock)
                .keySource("default", StaticKeySource.of(KeySet.of(List.of(
                        VerificationKey.of("k1", null, TestKeys.RSA.getPublic()))), "test")).build();
        return zt;
    }

    private VerifiedToken accessToken() {
        return zt.verifier().verify(TestTokens.valid(clock.instant()).kid("k1").claim("acr", "pwd")
                .claim("roles", List.of("user")).claim("scope", "orders:read").sign("RS256", TestKeys.RSA.getPrivate()));
    }

    private VerifiedToken verify(String token) {
        return zt.verifier().verify(token);
    }

    private RejectionReason reasonOf(Runnable r) {
        TokenRejectedException e = catchThrowableOfType(TokenRejectedException.class, r::run);
        assertThat(e).as("rejected").isNotNull();
        return e.reason();
    }

    @Test
    void createWhenTokenOfAServiceIssuerThenRefused() {
        settings.put("zt.type", "service");
        engine();
        VerifiedToken service = zt.verifier().verify(TestTokens.valid(clock.instant()).kid("k1")
                .claim("sub", TestTokens.ISSUER).sign("RS256", TestKeys.RSA.getPrivate()));
        assertThat(reasonOf(() -> zt.sessions().create(service))).isEqualTo(RejectionReason.INVALID_REQUEST);
    }

    @Test
    void createWhenAccessTokenExchangedThenSessionTokenCarriesIdentity() {
        engine();
        IssuedSession s = zt.sessions().create(accessToken());
        VerifiedToken t = verify(s.token());
        assertThat(zt.sessions().isSessionToken(t)).isTrue();
        assertThat(t.subject()).contains("alice");
        assertThat(t.roles()).containsExactly("user");
        assertThat(t.scopes()).containsExactly("orders:read");
        assertThat(t.acr()).contains("pwd");
        assertThat(t.sessionId()).contains(s.sessionId());
        assertThat(t.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(15)));
        assertThat(zt.sessions().check(t).refreshed()).isEmpty();
        assertThat(s.toString()).doesNotContain(s.token());
    }

    @Test
    void sessionTokenWhenPresentedToAnotherIssuersAudienceThenItIsNotAnAccessToken() {
        engine();
        VerifiedToken access = accessToken();
        assertThat(zt.sessions().isSessionToken(access)).isFalse();
        VerifiedToken session = verify(zt.sessions().create(access).token());
        assertThat(session.issuer()).isEqualTo("urn:zt:session");
        assertThat(session.audiences()).containsExactly("urn:zt:session");
    }

    @Test
    void checkWhenLessThanRefreshBeforeLeftThenNewTokenIssued() {
        engine();
        IssuedSession s = zt.sessions().create(accessToken());
        clock.advance(Duration.ofMinutes(9));
        assertThat(zt.sessions().check(verify(s.token())).refreshed()).isEmpty();
        clock.advance(Duration.ofMinutes(2)); // 4 minutes left < 5
        SessionCheck c = zt.sessions().check(verify(s.token()));
        assertThat(c.refreshed()).isPresent();
        IssuedSession fresh = c.refreshed().get();
        assertThat(fresh.token()).isNotEqualTo(s.token());
        assertThat(fresh.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(15)));
        assertThat(zt.sessions().check(verify(fresh.token())).refreshed()).isEmpty();
    }

    @Test
    void rotationWhenOldTokenWithinGraceThenAcceptedAndPointedToCurrent() {
        engine();
        IssuedSession s = zt.sessions().create(accessToken());
        clock.advance(Duration.ofMinutes(11));
        IssuedSession fresh = zt.sessions().check(verify(s.token())).refreshed().get();
        clock.advance(Duration.ofSeconds(29));
        SessionCheck late = zt.sessions().check(verify(s.token()));
        assertThat(late.refreshed()).map(IssuedSession::token).contains(fresh.token());
    }

    @Test
    void rotationWhenOldTokenAfterGraceThenSessionRevokedAsStolen() {
        engine();
        IssuedSession s = zt.sessions().create(accessToken());
        clock.advance(Duration.ofMinutes(11));
        IssuedSession fresh = zt.sessions().check(verify(s.token())).refreshed().get();
        clock.advance(Duration.ofSeconds(1));
        assertThat(zt.sessions().check(verify(fresh.token())).refreshed()).isEmpty(); // its client has it
        clock.advance(Duration.ofSeconds(30));
        assertThat(reasonOf(() -> zt.sessions().check(verify(s.token())))).isEqualTo(RejectionReason.TOKEN_REUSED);
        assertThat(reasonOf(() -> zt.sessions().check(verify(fresh.token()))))
                .isEqualTo(RejectionReason.SESSION_REVOKED);
    }

    @Test
    void rotationWhoseAnswerWasLostIsNotTheftTheOldTokenLaterGetsTheSameCurrentToken() {
        engine();
        IssuedSession s = zt.sessions().create(accessToken());
        clock.advance(Duration.ofMinutes(11));
        IssuedSession lost = zt.sessions().check(verify(s.token())).refreshed().get(); // the client never sees it
        clock.advance(Duration.ofSeconds(45)); // past the grace (e.g. a 503 with Retry-After, a partition)
        SessionCheck retry = zt.sessions().check(verify(s.token()));
        assertThat(retry.refreshed()).isPresent();
        IssuedSession again = retry.refreshed().get();
        assertThat(verify(again.token()).tokenId()).isEqualTo(verify(lost.token()).tokenId());
        assertThat(again.expiresAt()).isEqualTo(lost.expiresAt());
        assertThat(zt.sessions().find(s.sessionId()).get().revoked()).isFalse();
        // once the replacement is used, the old token is what a thief would hold
        assertThat(zt.sessions().check(verify(again.token())).session().id()).isEqualTo(s.sessionId());
        assertThat(reasonOf(() -> zt.sessions().check(verify(s.token())))).isEqualTo(RejectionReason.TOKEN_REUSED);
        assertThat(reasonOf(() -> zt.sessions().check(verify(again.token()))))
                .isEqualTo(RejectionReason.SESSION_REVOKED);
    }

    @Test
    void oldTokenPresentedByAThiefAfterTheOwnerUsedItsReplacementRevokesEvenWithinTheTokensLifetime() {
        engine();
        IssuedSession s = zt.sessions().create(accessToken());
        clock.advance(Duration.ofMinutes(11));
        IssuedSession fresh = zt.sessions().check(verify(s.token())).refreshed().get();
        clock.advance(Duration.ofSeconds(2));
        zt.sessions().check(verify(fresh.token())); // the owner carries on
        clock.advance(Duration.ofSeconds(29)); // the grace is over; the old token itself has minutes left
        assertThat(reasonOf(() -> zt.sessions().check(verify(s.token())))).isEqualTo(RejectionReason.TOKEN_REUSED);
    }

    @Test
    void idleWhenLongerThanIdleTimeoutThenExpired() {
        settings.put("zt.session.ttl", "1h");
        settings.put("zt.session.refresh-before", "1m");
        settings.put("zt.session.idle-timeout", "10m");
        engine();
        IssuedSession s = zt.sessions().create(accessToken());
        clock.advance(Duration.ofMinutes(9));
        zt.sessions().check(verify(s.token()));
        clock.advance(Duration.ofMinutes(9));
        zt.sessions().check(verify(s.token()));
        clock.advance(Duration.ofMinutes(11));
        assertThat(reasonOf(() -> zt.sessions().check(verify(s.token())))).isEqualTo(RejectionReason.SESSION_EXPIRED);
    }

    @Test
    void absoluteWhenMaxLifetimeReachedThenExpiredEvenIfActive() {
        settings.put("zt.session.ttl", "10m");
        settings.put("zt.session.refresh-before", "2m");
        settings.put("zt.session.max-lifetime", "30m");
        engine();
        String token = zt.sessions().create(accessToken()).token();
        Instant start = clock.instant();
        while (clock.instant().isBefore(start.plus(Duration.ofMinutes(29)))) {
            clock.advance(Duration.ofMinutes(1));
            SessionCheck c = zt.sessions().check(verify(token));
            if (c.refreshed().isPresent()) {
                token = c.refreshed().get().token();
                assertThat(c.refreshed().get().expiresAt()).isBeforeOrEqualTo(start.plus(Duration.ofMinutes(30)));
            }
        }
        clock.advance(Duration.ofMinutes(1));
        String last = token;
        TokenRejectedException e = catchThrowableOfType(TokenRejectedException.class,
                () -> zt.sessions().check(verify(last)));
        assertThat(e.reason()).isIn(RejectionReason.SESSION_EXPIRED, RejectionReason.TOKEN_EXPIRED);
    }

    @Test
    void revokeWhenCalledThenNextCheckRefused() {
        engine();
        IssuedSession s = zt.sessions().create(accessToken());
        zt.sessions().revoke(s.sessionId());
        assertThat(reasonOf(() -> zt.sessions().check(verify(s.token())))).isEqualTo(RejectionReason.SESSION_REVOKED);
    }

    @Test
    void stepUpWhenCalledThenAcrRaisedAndTokenRotated() {
        engine();
        IssuedSession s = zt.sessions().create(accessToken());
        Instant mfaAt = clock.instant();
        IssuedSession up = zt.sessions().stepUp(s.sessionId(), "mfa", mfaAt);
        VerifiedToken t = verify(up.token());
        assertThat(t.acr()).contains("mfa");
        assertThat(t.authTime()).contains(mfaAt.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        assertThat(zt.sessions().find(s.sessionId()).get().acr()).contains("mfa");
    }

    private VerifiedToken token(String sub, String acr, Long authTime) {
        dev.zt.testing.TestTokens t = TestTokens.valid(clock.instant()).kid("k1").claim("sub", sub);
        if (acr != null) {
            t.claim("acr", acr);
        }
        if (authTime != null) {
            t.claim("auth_time", authTime);
        }
        return zt.verifier().verify(t.sign("RS256", TestKeys.RSA.getPrivate()));
    }

    @Test
    void stepUpFromATokenTakesItsOwnAuthTimeNeverTheClock() {
        engine();
        IssuedSession s = zt.sessions().create(token("alice", "pwd", clock.instant().getEpochSecond()));
        clock.advance(Duration.ofMinutes(5));
        IssuedSession up = zt.sessions().stepUp(s.sessionId(), token("alice", "mfa", null), null).orElseThrow();
        VerifiedToken t = verify(up.token());
        assertThat(t.acr()).contains("mfa");
        assertThat(t.authTime()).as("a token without auth_time leaves none: no max-age can be met").isEmpty();
        long fiftyMinutesAgo = clock.instant().minus(Duration.ofMinutes(50)).getEpochSecond();
        IssuedSession old = zt.sessions().stepUp(s.sessionId(), token("alice", "mfa", fiftyMinutesAgo), null)
                .orElseThrow();
        assertThat(verify(old.token()).authTime()).contains(java.time.Instant.ofEpochSecond(fiftyMinutesAgo));
        clock.advance(Duration.ofMinutes(1));
        IssuedSession again = zt.sessions().stepUp(s.sessionId(), token("alice", "mfa", fiftyMinutesAgo), null)
                .orElseThrow();
        assertThat(verify(again.token()).authTime()).as("re-sending the token does not move auth_time")
                .contains(java.time.Instant.ofEpochSecond(fiftyMinutesAgo));
    }

    @Test
    void stepUpFromATokenOfAnotherSubjectOrIssuerOrWithAWeakerAcrIsRefused() {
        settings.put("zt.issuers.other.issuer", "https://other.example.test");
        settings.put("zt.issuers.other.audience", TestTokens.AUDIENCE);
        settings.put("zt.issuers.other.algorithms", "RS256");
        zt = ZeroTrust.builder(ZtConfig.fromMap(settings)).clock(clock)
                .keySource("default", StaticKeySource.of(KeySet.of(List.of(
                        VerificationKey.of("k1", null, TestKeys.RSA.getPublic()))), "test"))
                .keySource("other", StaticKeySource.of(KeySet.of(List.of(
                        VerificationKey.of("k2", null, TestKeys.RSA_2.getPublic()))), "other")).build();
        IssuedSession s = zt.sessions().create(token("alice", "mfa", clock.instant().getEpochSecond()));
        VerifiedToken otherIssuer = zt.verifier().verify(TestTokens.valid(clock.instant()).kid("k2")
                .claim("iss", "https://other.example.test").claim("acr", "mfa").sign("RS256",
                        TestKeys.RSA_2.getPrivate()));
        assertThat(zt.sessions().stepUp(s.sessionId(), otherIssuer, null)).as("same sub, another issuer").isEmpty();
        assertThat(zt.sessions().stepUp(s.sessionId(), token("bob", "mfa", null), null)).isEmpty();
        assertThat(zt.sessions().stepUp(s.sessionId(), token("alice", "pwd", clock.instant().getEpochSecond()),
                null)).as("acr never goes down").isEmpty();
        IssuedSession app = zt.sessions().stepUp(s.sessionId(), "pwd", clock.instant());
        assertThat(verify(app.token()).acr()).as("not through the application's step-up either").contains("mfa");
    }

    @Test
    void subjectWithMoreSessionsThanAllowedLosesItsOldest() {
        settings.put("zt.session.max-per-subject", "3");
        engine();
        List<IssuedSession> mine = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            mine.add(zt.sessions().create(accessToken()));
            clock.advance(Duration.ofSeconds(1));
        }
        assertThat(reasonOf(() -> zt.sessions().check(verify(mine.get(0).token()))))
                .isEqualTo(RejectionReason.SESSION_REVOKED);
        assertThat(reasonOf(() -> zt.sessions().check(verify(mine.get(1).token()))))
                .isEqualTo(RejectionReason.SESSION_REVOKED);
        for (int i = 2; i < 5; i++) {
            assertThat(zt.sessions().check(verify(mine.get(i).token())).session().revoked()).isFalse();
        }
    }

    @Test
    void subjectCreatingSessionsTooFastIsRateLimited() {
        settings.put("zt.session.create-rate.per-subject", "2");
        engine();
        zt.sessions().create(accessToken());
        zt.sessions().create("alice", Set.of(), Set.of(), "pwd", clock.instant(), List.of("pwd"));
        assertThat(reasonOf(() -> zt.sessions().create(accessToken()))).isEqualTo(RejectionReason.RATE_LIMITED);
        assertThat(zt.sessions().create("bob", Set.of(), Set.of(), null, null, List.of())).isNotNull();
        clock.advance(Duration.ofMinutes(2));
        assertThat(zt.sessions().create(accessToken())).isNotNull();
    }

    @Test
    void bindDeviceBindsOnceAndAStepUpWithADeviceMovesTheSession() {
        engine();
        IssuedSession s = zt.sessions().create(accessToken());
        assertThat(zt.sessions().bindDevice(s.sessionId(), "d1")).isEqualTo("d1");
        assertThat(zt.sessions().bindDevice(s.sessionId(), "d2")).as("a bound session keeps its device")
                .isEqualTo("d1");
        zt.sessions().stepUp(s.sessionId(), "mfa", clock.instant(), "d2");
        assertThat(zt.sessions().find(s.sessionId()).orElseThrow().deviceId()).contains("d2");
    }

    @Test
    void failedAttemptsLockAKeyAfterTheConfiguredNumberUntilTheyAgeOut() {
        settings.put("zt.auth-failures.max", "3");
        settings.put("zt.auth-failures.window", "10m");
        settings.put("zt.auth-failures.max-per-client", "4");
        engine();
        dev.zt.risk.FailedAttempts attempts = zt.failedAttempts();
        assertThat(attempts.locked("192.0.2.1", "login alice")).isFalse();
        assertThat(attempts.recordFailure("192.0.2.1", "login alice")).isFalse();
        assertThat(attempts.recordFailure("192.0.2.1", "login alice")).isFalse();
        assertThat(attempts.recordFailure("192.0.2.1", "login alice")).isTrue();
        assertThat(attempts.locked(null, "login alice")).isTrue();
        assertThat(attempts.locked("192.0.2.1", "login bob")).as("the client has 3 of its 4").isFalse();
        assertThat(attempts.recordFailure("192.0.2.1", "login nobody")).as("an unknown user counts too").isTrue();
        assertThat(attempts.locked("192.0.2.1", "login bob")).as("now the client is locked").isTrue();
        assertThat(attempts.locked("198.51.100.1", "login bob")).isFalse();
        clock.advance(Duration.ofMinutes(11));
        assertThat(attempts.locked("192.0.2.1", "login alice")).isFalse();
    }

    @Test
    void replayCacheAnswersFirstUseOnceUntilTheValueExpiresAndRefusesWhenFull() {
        settings.put("zt.replay.max-entries", "2");
        engine();
        java.time.Instant in1m = clock.instant().plus(Duration.ofMinutes(1));
        assertThat(zt.replays().firstUse("a", in1m)).isTrue();
        assertThat(zt.replays().firstUse("a", in1m)).isFalse();
        assertThat(zt.replays().firstUse("b", in1m)).isTrue();
        assertThatThrownBy(() -> zt.replays().firstUse("c", in1m)).as("full: fail closed, never forget one")
                .isInstanceOf(IllegalStateException.class);
        clock.advance(Duration.ofMinutes(2));
        assertThat(zt.replays().firstUse("c", clock.instant().plus(Duration.ofMinutes(1)))).isTrue();
    }

    @Test
    void concurrencyWhenFiftyRequestsPresentTheSameDueTokenThenAllSucceedWithOneCurrentToken() throws Exception {
        engine();
        IssuedSession s = zt.sessions().create(accessToken());
        clock.advance(Duration.ofMinutes(11));
        ExecutorService pool = Executors.newFixedThreadPool(50);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<SessionCheck>> results = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                results.add(pool.submit(() -> {
                    go.await();
                    return zt.sessions().check(verify(s.token()));
                }));
            }
            go.countDown();
            Set<String> handedOut = new HashSet<>();
            for (Future<SessionCheck> f : results) {
                handedOut.add(f.get().refreshed().orElseThrow().token());
            }
            assertThat(handedOut).hasSize(1);
            assertThat(zt.sessions().find(s.sessionId()).get().currentTokenId())
                    .isEqualTo(verify(handedOut.iterator().next()).tokenId());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void signingKeyWhenConfiguredAsPemOrJwkThenUsedAcrossEngines() throws Exception {
        KeyPair pair = TestKeys.ec("secp256r1");
        Path pem = dir.resolve("session.pem");
        Files.writeString(pem, "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(
                pair.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n", StandardCharsets.US_ASCII);
        settings.put("zt.session.signing-key", "file:" + pem);
        ZeroTrust first = engine();
        String token = first.sessions().create("bob", Set.of("admin"), Set.of(), null, null, List.of()).token();
        try (ZeroTrust second = ZeroTrust.builder(ZtConfig.fromMap(settings)).clock(clock)
                .keySource("default", StaticKeySource.of(KeySet.empty(), "none")).build()) {
            assertThat(second.verifier().verify(token).subject()).contains("bob"); // another node verifies it
        }
    }

    @Test
    void signingKeyWhenUnusableThenStartupFailsNamingIt() throws Exception {
        Path bad = dir.resolve("public.pem");
        Files.writeString(bad, "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n");
        settings.put("zt.session.signing-key", "file:" + bad);
        assertThatThrownBy(this::engine).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("zt.session.signing-key").hasMessageContaining("public.pem");
    }

    @Test
    void revokedAccessTokenStaysRevokedWhileTheClockSkewStillAcceptsIt() {
        engine();
        String token = TestTokens.valid(clock.instant()).kid("k1").claim("jti", "at-1")
                .sign("RS256", TestKeys.RSA.getPrivate());
        assertThat(zt.sessions().revokeCaller(verify(token))).isEqualTo(RejectionReason.TOKEN_REVOKED);
        clock.advance(Duration.ofSeconds(300 + 20)); // past exp, within the default 30 s skew
        assertThat(reasonOf(() -> verify(token))).isEqualTo(RejectionReason.TOKEN_REVOKED);
        clock.advance(Duration.ofSeconds(20)); // past exp + skew: expired, whatever the store says
        assertThat(reasonOf(() -> verify(token))).isEqualTo(RejectionReason.TOKEN_EXPIRED);
    }
}
