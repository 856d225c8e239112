package dev.zt.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.zt.ZeroTrust;
import dev.zt.config.ZtConfig;
import dev.zt.internal.keys.StaticKeySource;
import dev.zt.session.IssuedSession;
import dev.zt.session.SessionView;
import dev.zt.spi.keys.KeySet;
import dev.zt.spi.keys.VerificationKey;
import dev.zt.testing.MutableClock;
import dev.zt.testing.TestKeys;
import dev.zt.testing.TestTokens;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * ID tokens of a browser login (OpenID Connect Core 1.0, section 3.1.3.7), verified by zt's own verifier with real
 * RS256 signatures: accepted only from the login issuer, for its client, with the login's nonce; never passing for an
 * access token (nor an access or logout token for an ID token); and the session a login creates from the pair.
 */
class IdTokenVerificationTest {

    private static final String CLIENT = "orders-web";
    private static final String PARTNER = "https://partner.example.test";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T10:00:00Z"));
    private ZeroTrust zt;

    @BeforeEach
    void engine() {
        Map<String, String> s = new HashMap<>(Map.of("zt.issuer", TestTokens.ISSUER, "zt.audience",
                TestTokens.AUDIENCE, "zt.algorithms", "RS256", "zt.client-id", CLIENT, "zt.client-secret", "env:UNUSED"));
        s.putAll(Map.of("zt.issuers.partner.issuer", PARTNER, "zt.issuers.partner.audience", TestTokens.AUDIENCE,
                "zt.issuers.partner.algorithms", "RS256"));
        StaticKeySource keys = StaticKeySource.of(KeySet.of(List.of(VerificationKey.of("k1", null,
                TestKeys.RSA.getPublic()))), "test");
        zt = ZeroTrust.builder(ZtConfig.fromMap(s)).clock(clock).keySource("default", keys)
                .keySource("partner", keys).build();
    }

    @AfterEach
    void close() {
        zt.close();
    }

    private TestTokens id() {
        return TestTokens.valid(clock.instant()).kid("k1").claim("aud", CLIENT).claim("nonce", "n-1")
                .claim("acr", "mfa").claim("amr", List.of("pwd", "otp")).claim("auth_time",
                        clock.instant().getEpochSecond() - 10).claim("sid", "idp-1");
    }

    private static String signed(TestTokens t) {
        return t.sign("RS256", TestKeys.RSA.getPrivate());
    }

    private RejectionReason refused(TestTokens t, String issuerName, String nonce) {
        TokenRejectedException e = catchThrowableOfType(TokenRejectedException.class,
                () -> zt.verifier().verifyIdToken(signed(t), issuerName, nonce));
        assertThat(e).as("refused").isNotNull();
        return e.reason();
    }

    @Test
    void idTokenOfTheLoginIsAccepted() {
        VerifiedToken v = zt.verifier().verifyIdToken(signed(id()), "default", "n-1");
        assertThat(v.subject()).contains("alice");
        assertThat(v.acr()).contains("mfa");
        assertThat(v.sessionId()).contains("idp-1");
        assertThat(zt.verifier().verifyIdToken(signed(id().claim("aud", List.of(CLIENT, "x")).claim("azp", CLIENT)),
                "default", "n-1").subject()).contains("alice");
    }

    @Test
    void idTokenWithAnotherNonceOrNoneIsRefused() {
        assertThat(refused(id(), "default", "n-2")).isEqualTo(RejectionReason.CLAIM_INVALID);
        assertThat(refused(id().without("nonce"), "default", "n-1")).isEqualTo(RejectionReason.CLAIM_INVALID);
        assertThat(refused(id().claim("nonce", 1), "default", "n-1")).isEqualTo(RejectionReason.CLAIM_INVALID);
        assertThat(refused(id(), "default", null)).isEqualTo(RejectionReason.CLAIM_INVALID);
    }

    @Test
    void idTokenForAnotherAudienceOrParty() {
        assertThat(refused(id().claim("aud", "other"), "default", "n-1")).isEqualTo(RejectionReason.AUDIENCE_MISMATCH);
        assertThat(refused(id().claim("aud", TestTokens.AUDIENCE), "default", "n-1"))
                .isEqualTo(RejectionReason.AUDIENCE_MISMATCH);
        assertThat(refused(id().claim("aud", List.of(CLIENT, "x")), "default", "n-1"))
                .isEqualTo(RejectionReason.AUDIENCE_MISMATCH);
        assertThat(refused(id().claim("azp", "x"), "default", "n-1")).isEqualTo(RejectionReason.AUDIENCE_MISMATCH);
    }

    @Test
    void idTokenOfAnotherTrustedIssuerIsRefusedMixUp() {
        assertThat(refused(id().claim("iss", PARTNER), "default", "n-1")).isEqualTo(RejectionReason.ISSUER_UNTRUSTED);
        assertThat(refused(id(), "partner", "n-1")).isEqualTo(RejectionReason.ISSUER_UNTRUSTED);
    }

    @Test
    void idTokenNeedsIatSubAndTimeAndIsNeverALogoutOrAccessToken() {
        assertThat(refused(id().without("iat"), "default", "n-1")).isEqualTo(RejectionReason.CLAIM_INVALID);
        assertThat(refused(id().without("sub"), "default", "n-1")).isEqualTo(RejectionReason.CLAIM_INVALID);
        assertThat(refused(id().claim("exp", clock.instant().getEpochSecond() - 60), "default", "n-1"))
                .isEqualTo(RejectionReason.TOKEN_EXPIRED);
        assertThat(refused(id().header("typ", "at+jwt"), "default", "n-1")).isEqualTo(RejectionReason.HEADER_INVALID);
        assertThat(refused(id().header("typ", "logout+jwt"), "default", "n-1"))
                .isEqualTo(RejectionReason.HEADER_INVALID);
        assertThat(refused(id().claim("events", Map.of("http://schemas.openid.net/event/backchannel-logout",
                Map.of())), "default", "n-1")).isEqualTo(RejectionReason.CLAIM_INVALID);
    }

    @Test
    void idTokenNeverPassesForAnAccessTokenNorTheReverse() {
        TokenRejectedException e = catchThrowableOfType(TokenRejectedException.class,
                () -> zt.verifier().verify(signed(id())));
        assertThat(e.reason()).isEqualTo(RejectionReason.AUDIENCE_MISMATCH);
        String access = signed(TestTokens.valid(clock.instant()).kid("k1").claim("nonce", "n-1"));
        e = catchThrowableOfType(TokenRejectedException.class, () -> zt.verifier().verifyIdToken(access, "default",
                "n-1"));
        assertThat(e.reason()).isEqualTo(RejectionReason.AUDIENCE_MISMATCH);
    }

    @Test
    void loginSessionTakesWhoAndHowFromTheIdTokenAndRolesFromTheAccessToken() {
        VerifiedToken idToken = zt.verifier().verifyIdToken(signed(id()), "default", "n-1");
        VerifiedToken access = zt.verifier().verify(signed(TestTokens.valid(clock.instant()).kid("k1")
                .claim("roles", List.of("user")).claim("scope", "orders:read").claim("acr", "pwd")));
        IssuedSession issued = zt.sessions().create(idToken, access);
        SessionView s = zt.sessions().find(issued.sessionId()).orElseThrow();
        assertThat(s.subject()).isEqualTo("alice");
        assertThat(s.acr()).contains("mfa");
        assertThat(s.amr()).containsExactly("pwd", "otp");
        assertThat(s.authTime()).contains(Instant.ofEpochSecond(clock.instant().getEpochSecond() - 10));
        assertThat(s.originSessionId()).contains("idp-1");
        assertThat(s.roles()).containsExactly("user");
        assertThat(s.scopes()).containsExactly("orders:read");
        VerifiedToken bob = zt.verifier().verify(signed(TestTokens.valid(clock.instant()).kid("k1").claim("sub",
                "bob")));
        TokenRejectedException e = catchThrowableOfType(TokenRejectedException.class,
                () -> zt.sessions().create(idToken, bob));
        assertThat(e.reason()).isEqualTo(RejectionReason.INVALID_REQUEST);
    }
}
