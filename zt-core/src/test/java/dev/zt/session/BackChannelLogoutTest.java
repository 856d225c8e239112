package dev.zt.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.zt.ZeroTrust;
import dev.zt.config.ConfigurationException;
import dev.zt.config.ZtConfig;
import dev.zt.internal.keys.StaticKeySource;
import dev.zt.internal.revocation.InMemoryRevocationStore;
import dev.zt.spi.keys.KeySet;
import dev.zt.spi.store.RevocationStore;
import dev.zt.spi.keys.VerificationKey;
import dev.zt.testing.MutableClock;
import dev.zt.testing.TestKeys;
import dev.zt.testing.TestTokens;
import dev.zt.token.RejectionReason;
import dev.zt.token.TokenRejectedException;
import dev.zt.token.VerifiedToken;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * OpenID Connect Back-Channel Logout 1.0: logout tokens verified as section 2.6 says, never confused with access
 * tokens, and a logout ending the provider session's tokens and the zt sessions exchanged from them. Real RS256
 * signatures throughout.
 */
class BackChannelLogoutTest {

    private static final String EVENT = "http://schemas.openid.net/event/backchannel-logout";
    private static final String CLIENT = "orders-web";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T10:00:00Z"));
    private final Map<String, String> settings = new HashMap<>(Map.of(
            "zt.issuer", TestTokens.ISSUER, "zt.audience", TestTokens.AUDIENCE, "zt.algorithms", "RS256",
            "zt.logout-audience", CLIENT));
    private ZeroTrust zt;
    private RevocationStore revocations;

    @AfterEach
    void close() {
        if (zt != null) {
            zt.close();
        }
    }

    private ZeroTrust engine() {
        return engine(false);
    }

    /** The engine with a given revocation store (as a team passes its own: guarded), or with zt's default one. */
    private ZeroTrust engine(boolean defaultStore) {
        ZtConfig config = ZtConfig.fromMap(settings);
        if (revocations == null && !defaultStore) {
            revocations = new InMemoryRevocationStore(clock, 1000, Duration.ofHours(24));
        }
        ZeroTrust.Builder b = ZeroTrust.builder(config).clock(clock);
        if (!defaultStore) {
            b.revocationStore(revocations);
        }
        zt = b.keySource("default", StaticKeySource.of(KeySet.of(List.of(
                        VerificationKey.of("k1", null, TestKeys.RSA.getPublic()))), "test")).build();
        return zt;
    }

    private String accessToken(String sid) {
        TestTokens t = TestTokens.valid(clock.instant()).kid("k1").claim("acr", "pwd");
        if (sid != null) {
            t.claim("sid", sid);
        }
        return t.sign("RS256", TestKeys.RSA.getPrivate());
    }

    /** A logout token as Keycloak sends it: typ logout+jwt, aud the client id, sub, sid, jti, events, iat, exp. */
    private TestTokens logout(String sid) {
        TestTokens t = TestTokens.valid(clock.instant()).kid("k1").header("typ", "logout+jwt")
                .claim("aud", CLIENT).claim("jti", "lt-" + clock.millis()).claim("events", Map.of(EVENT, Map.of()));
        if (sid != null) {
            t.claim("sid", sid);
        }
        return t;
    }

    private static String signed(TestTokens t) {
        return t.sign("RS256", TestKeys.RSA.getPrivate());
    }

    private static RejectionReason reasonOf(Runnable r) {
        TokenRejectedException e = catchThrowableOfType(TokenRejectedException.class, r::run);
        assertThat(e).as("rejected").isNotNull();
        return e.reason();
    }

    @Test
    void logoutWhenSidGivenThenTheProviderSessionsTokensAreRevokedAndOthersLive() {
        engine();
        String mine = accessToken("idp-session-1");
        String other = accessToken("idp-session-2");
        assertThat(zt.verifier().verify(mine).sessionId()).contains("idp-session-1");

        VerifiedToken lt = zt.verifier().verifyLogoutToken(signed(logout("idp-session-1")));
        zt.sessions().logout(lt);

        assertThat(reasonOf(() -> zt.verifier().verify(mine))).as("cached before, refused now")
                .isEqualTo(RejectionReason.TOKEN_REVOKED);
        assertThat(zt.verifier().verify(other).subject()).contains("alice");
    }

    /** zt.session.max-lifetime is 8 h; a 20 h token of the provider session must not come back after 8 h. */
    @Test
    void logoutWhenSidGivenThenALongLivedTokenOfThatSessionStaysRefusedForAsLongAsItCouldLive() {
        engine();
        long now = clock.instant().getEpochSecond();
        String longLived = TestTokens.valid(clock.instant()).kid("k1").claim("sid", "idp-session-9")
                .claim("exp", now + 20 * 3600).sign("RS256", TestKeys.RSA.getPrivate());
        zt.verifier().verify(longLived);
        zt.sessions().logout(zt.verifier().verifyLogoutToken(signed(logout("idp-session-9"))));
        clock.advance(Duration.ofHours(9));
        assertThat(reasonOf(() -> zt.verifier().verify(longLived))).isEqualTo(RejectionReason.TOKEN_REVOKED);
        clock.advance(Duration.ofHours(10));
        assertThat(reasonOf(() -> zt.verifier().verify(longLived))).isEqualTo(RejectionReason.TOKEN_REVOKED);
    }

    @Test
    void logoutWhenSidGivenThenSessionsExchangedFromThatProviderSessionEnd() {
        sessionsExchangedFromALoggedOutProviderSessionEnd(false);
    }

    @Test
    void logoutWhenSidGivenAndTheRevocationStoreIsTheDefaultThenSessionsExchangedFromThatProviderSessionEnd() {
        // the default store is asked through a shortcut while nothing was ever revoked: the logout must end it
        sessionsExchangedFromALoggedOutProviderSessionEnd(true);
    }

    private void sessionsExchangedFromALoggedOutProviderSessionEnd(boolean defaultStore) {
        engine(defaultStore);
        IssuedSession exchanged = zt.sessions().create(zt.verifier().verify(accessToken("idp-session-1")));
        IssuedSession unrelated = zt.sessions().create(zt.verifier().verify(accessToken("idp-session-2")));
        assertThat(zt.sessions().find(exchanged.sessionId()).orElseThrow().originSessionId())
                .contains("idp-session-1");

        zt.sessions().logout(zt.verifier().verifyLogoutToken(signed(logout("idp-session-1"))));

        VerifiedToken sessionToken = zt.verifier().verify(exchanged.token());
        assertThat(reasonOf(() -> zt.sessions().check(sessionToken))).isEqualTo(RejectionReason.SESSION_REVOKED);
        assertThat(zt.sessions().find(exchanged.sessionId()).orElseThrow().revoked()).as("recorded in the session")
                .isTrue();
        assertThat(zt.sessions().check(zt.verifier().verify(unrelated.token())).session().id())
                .isEqualTo(unrelated.sessionId());
    }

    @Test
    void logoutWhenOnlySubGivenThenEverythingOfTheSubjectIssuedBeforeEndsAndLaterLoginsLive() {
        engine();
        String before = accessToken("s1");
        IssuedSession session = zt.sessions().create(zt.verifier().verify(accessToken(null)));
        clock.advance(Duration.ofSeconds(5));

        zt.sessions().logout(zt.verifier().verifyLogoutToken(signed(logout(null))));
        clock.advance(Duration.ofSeconds(1));
        String after = accessToken("s3");

        assertThat(reasonOf(() -> zt.verifier().verify(before))).isEqualTo(RejectionReason.TOKEN_REVOKED);
        assertThat(reasonOf(() -> zt.sessions().check(zt.verifier().verify(session.token()))))
                .isEqualTo(RejectionReason.SESSION_REVOKED);
        assertThat(zt.verifier().verify(after).sessionId()).contains("s3");
    }

    @Test
    void logoutWhenRevocationStoreFailsThenStoreUnavailable() {
        RevocationStore working = new InMemoryRevocationStore(clock, 1000, Duration.ofHours(24));
        revocations = new RevocationStore() {
            @Override
            public boolean isRevoked(VerifiedToken token) {
                return working.isRevoked(token);
            }

            @Override
            public void revokeToken(String issuer, String tokenId, Instant expiresAt) {
                throw new IllegalStateException("down");
            }

            @Override
            public void revokeSession(String issuer, String sessionId, Instant retainUntil) {
                throw new IllegalStateException("down");
            }

            @Override
            public void revokeSubject(String issuer, String subject, Instant notBefore) {
                throw new IllegalStateException("down");
            }
        };
        engine();
        VerifiedToken lt = zt.verifier().verifyLogoutToken(signed(logout("idp-session-1")));
        assertThat(reasonOf(() -> zt.sessions().logout(lt))).isEqualTo(RejectionReason.STORE_UNAVAILABLE);
    }

    @Test
    void verifyLogoutTokenWhenShapeIsWrongThenRejectedWithItsReason() {
        engine();
        assertThat(reasonOf(() -> zt.verifier().verifyLogoutToken(signed(logout("s").claim("aud",
                TestTokens.AUDIENCE))))).as("an access-token audience").isEqualTo(RejectionReason.AUDIENCE_MISMATCH);
        assertThat(reasonOf(() -> zt.verifier().verifyLogoutToken(signed(logout("s").without("events")))))
                .isEqualTo(RejectionReason.CLAIM_INVALID);
        assertThat(reasonOf(() -> zt.verifier().verifyLogoutToken(signed(logout("s").claim("events",
                Map.of("urn:other", Map.of())))))).isEqualTo(RejectionReason.CLAIM_INVALID);
        assertThat(reasonOf(() -> zt.verifier().verifyLogoutToken(signed(logout("s").claim("events",
                Map.of(EVENT, "yes")))))).as("the event's value must be an object").isEqualTo(RejectionReason.CLAIM_INVALID);
        assertThat(reasonOf(() -> zt.verifier().verifyLogoutToken(signed(logout("s").claim("nonce", "n")))))
                .isEqualTo(RejectionReason.CLAIM_INVALID);
        assertThat(reasonOf(() -> zt.verifier().verifyLogoutToken(signed(logout(null).without("sub")))))
                .as("neither sub nor sid").isEqualTo(RejectionReason.CLAIM_INVALID);
        assertThat(reasonOf(() -> zt.verifier().verifyLogoutToken(signed(logout("s").without("jti")))))
                .isEqualTo(RejectionReason.CLAIM_INVALID);
        assertThat(reasonOf(() -> zt.verifier().verifyLogoutToken(signed(logout("s").without("iat")))))
                .isEqualTo(RejectionReason.CLAIM_INVALID);
        assertThat(reasonOf(() -> zt.verifier().verifyLogoutToken(signed(logout("s").without("exp")))))
                .isEqualTo(RejectionReason.CLAIM_INVALID);
        assertThat(reasonOf(() -> zt.verifier().verifyLogoutToken(signed(logout("s").header("typ", "JWT")))))
                .isEqualTo(RejectionReason.HEADER_INVALID);
        assertThat(reasonOf(() -> zt.verifier().verifyLogoutToken(signed(logout("s").claim("exp",
                clock.instant().getEpochSecond() - 120))))).isEqualTo(RejectionReason.TOKEN_EXPIRED);
        String forged = signed(logout("s")).replaceAll("\\.[^.]+$", "." + signed(logout("t")).split("\\.")[2]);
        assertThat(reasonOf(() -> zt.verifier().verifyLogoutToken(forged))).isEqualTo(RejectionReason.SIGNATURE_INVALID);
        assertThat(zt.verifier().verifyLogoutToken(signed(logout("s").without("sub"))).sessionId()).contains("s");
    }

    @Test
    void verifyWhenTokenIsALogoutTokenThenRejectedAsAccessToken() {
        settings.put("zt.audience", TestTokens.AUDIENCE + ",other-api");
        engine();
        assertThat(reasonOf(() -> zt.verifier().verify(signed(logout("s").claim("aud", TestTokens.AUDIENCE)))))
                .as("typed logout+jwt").isEqualTo(RejectionReason.HEADER_INVALID);
        assertThat(reasonOf(() -> zt.verifier().verify(signed(logout("s").claim("aud", TestTokens.AUDIENCE)
                .header("typ", "JWT"))))).as("carrying the logout event").isEqualTo(RejectionReason.CLAIM_INVALID);
    }

    @Test
    void verifyLogoutTokenWhenIssuerHasNoLogoutAudienceThenIssuerUntrusted() {
        settings.remove("zt.logout-audience");
        engine();
        assertThat(reasonOf(() -> zt.verifier().verifyLogoutToken(signed(logout("s")))))
                .isEqualTo(RejectionReason.ISSUER_UNTRUSTED);
    }

    @Test
    void configWhenLogoutAudienceIsAlsoAnAccessAudienceThenStartupFails() {
        settings.put("zt.logout-audience", TestTokens.AUDIENCE);
        assertThatThrownBy(() -> ZtConfig.fromMap(settings)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("zt.logout-audience").hasMessageContaining("must differ");
    }
}
