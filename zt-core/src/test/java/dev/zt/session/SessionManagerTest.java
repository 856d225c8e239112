package dev.zt.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.zt.ZeroTrust;
import dev.zt.config.ConfigurationException;
import dev.zt.config.ZtConfig;
import dev.zt.internal.keys.StaticKeySource;
import dev.zt.spi.KeySet;
import dev.zt.spi.VerificationKey;
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
                .keySource("default", new StaticKeySource(KeySet.of(List.of(
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
        clock.advance(Duration.ofSeconds(31));
        assertThat(reasonOf(() -> zt.sessions().check(verify(s.token())))).isEqualTo(RejectionReason.TOKEN_REUSED);
        assertThat(reasonOf(() -> zt.sessions().check(verify(fresh.token()))))
                .isEqualTo(RejectionReason.SESSION_REVOKED);
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
        assertThat(zt.sessions().find(s.sessionId()).get().acr()).isEqualTo("mfa");
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
            assertThat(zt.sessions().find(s.sessionId()).get().currentToken()).isEqualTo(handedOut.iterator().next());
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
                .keySource("default", new StaticKeySource(KeySet.empty(), "none")).build()) {
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
}
