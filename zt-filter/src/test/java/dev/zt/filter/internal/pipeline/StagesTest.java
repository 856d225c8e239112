package dev.zt.filter.internal.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zt.ZeroTrust;
import dev.zt.config.ConfigSource;
import dev.zt.config.ZtConfig;
import dev.zt.filter.internal.request.Credential;
import dev.zt.filter.internal.settings.FilterSettings;
import dev.zt.internal.keys.StaticKeySource;
import dev.zt.policy.Verdict;
import dev.zt.session.SessionView;
import dev.zt.spi.keys.KeySet;
import dev.zt.spi.keys.VerificationKey;
import dev.zt.spi.risk.Decision;
import dev.zt.testing.MutableClock;
import dev.zt.testing.TestKeys;
import dev.zt.testing.TestTokens;
import dev.zt.token.RejectionReason;
import dev.zt.token.TokenRejectedException;
import dev.zt.token.VerifiedToken;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each stage of the enforcement pipeline on its own, without a container: what it establishes on the exchange and
 * which verdict it returns. The filter tests prove the same answers end to end.
 */
class StagesTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T10:00:00Z"));
    private ZeroTrust engine;
    private Wiring wiring;

    @TempDir
    Path dir;

    @BeforeEach
    void wire() throws IOException {
        Path rules = dir.resolve("rules.txt");
        Files.writeString(rules, "GET /admin/** roles=admin acr=mfa\nGET /transfers acr=mfa max-risk=10\n"
                + "* /internal/** deny\n");
        Map<String, String> settings = new HashMap<>(Map.of("zt.issuer", TestTokens.ISSUER, "zt.audience",
                TestTokens.AUDIENCE, "zt.algorithms", "RS256", "zt.public-paths", "/health, /static/**",
                "zt.trusted-proxies", "10.0.0.1", "zt.geo.header", "X-Geo-Country", "zt.rules", "file:" + rules));
        ZtConfig config = ZtConfig.builder().moduleKeys(FilterSettings.KEYS).source(ConfigSource.of("test", settings))
                .build();
        engine = ZeroTrust.builder(config).clock(clock).keySource("default", StaticKeySource.of(KeySet.of(List.of(
                VerificationKey.of("k1", null, TestKeys.RSA.getPublic()))), "test")).build();
        wiring = new Wiring(engine, new FilterSettings(config, getClass().getClassLoader()));
    }

    @AfterEach
    void close() {
        engine.close();
    }

    private String bearer(TestTokens token) {
        return "Bearer " + token.kid("k1").sign("RS256", TestKeys.RSA.getPrivate());
    }

    private TestTokens user() {
        return TestTokens.valid(clock.instant());
    }

    private VerifiedToken verified(TestTokens token) {
        return engine.verifier().verify(token.kid("k1").sign("RS256", TestKeys.RSA.getPrivate()));
    }

    private static RejectionReason reason(Optional<Verdict> v) {
        assertThat(v).as("a verdict").isPresent();
        return v.get().reason().orElseThrow();
    }

    /** The firewall stage, as the pipeline runs it first. */
    private Exchange firewalled(FakeHttp http) {
        Exchange x = http.exchange();
        assertThat(new FirewallStage(wiring.settings.clientAddresses).apply(x)).isEmpty();
        return x;
    }

    // firewall

    @ParameterizedTest
    @ValueSource(strings = {"/a%2Fb", "/a%2fb", "/a%5Cb", "/%2e%2e/admin", "/a/%2E/admin", "/a/../admin", "/a/./b",
        "/a//b", "/a;x=1/b", "/a%00", "/a%252e", "/a%zz", "/a%c0%ae", "/a%e2%80%8b", "/a%20b", "/a\tb",
        "/a%2F", "/a%5c", "/a%25", "/a%3b", "/a%3Bb", "/a%2E", "/a%2e.", "/a%5C%5c", "/.", "/..", "/a/.", "/a/..",
        "/a/../", "/./a", "/a/..;jsessionid=1", "/a;jsessionid=1;x=2", "/a;JSESSIONID=1/b", "/a;", "/a%2", "/a%",
        "/a//", "//a", "/a\\b"})
    void firewallRefusesOddPathsBeforeAnyOtherStageReadsThem(String uri) {
        Exchange x = FakeHttp.get(uri).exchange();
        assertThat(reason(new FirewallStage(wiring.settings.clientAddresses).apply(x)))
                .isEqualTo(RejectionReason.REQUEST_REJECTED);
        assertThat(x.path).as("no path for the later stages").isNull();
        // and when a lenient container dispatches on the path's plain decoding, so that no disagreement catches it
        String lenient;
        try {
            lenient = java.net.URLDecoder.decode(uri, java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            lenient = uri;
        }
        Exchange agreed = FakeHttp.get(uri).dispatched(lenient, null).exchange();
        assertThat(reason(new FirewallStage(wiring.settings.clientAddresses).apply(agreed)))
                .isEqualTo(RejectionReason.REQUEST_REJECTED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/a/...", "/a/.b", "/a/b.", "/a/..b/c", "/.well-known/x", "/a.b/c..d/", "/a%2d%5f%2B",
        "/a%3a%30", "/a%e2%82%ac"})
    void firewallPassesDotsThatAreNotSegmentsAndEscapesOfOrdinaryCharacters(String uri) throws Exception {
        String decoded = dev.zt.filter.internal.request.RequestFirewall.decode(uri);
        assertThat(firewalled(FakeHttp.get(uri).dispatched(decoded, null)).path).isEqualTo(decoded);
    }

    @Test
    void firewallTakesTheSessionIdParameterOffThePathInAnyCase() {
        assertThat(firewalled(FakeHttp.get("/a/b;JSessionId=x1").dispatched("/a/b", null)).path).isEqualTo("/a/b");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a=%00", "a=b%00c", "a=\u0001", "a=\u007f"})
    void firewallRefusesNulAndControlCharactersInTheQuery(String query) {
        FakeHttp http = FakeHttp.get("/a");
        http.query = query;
        assertThat(reason(new FirewallStage(wiring.settings.clientAddresses).apply(http.exchange())))
                .isEqualTo(RejectionReason.REQUEST_REJECTED);
    }

    @Test
    void firewallHandsLaterStagesTheDecodedPathTheContainerDispatchesOn() {
        assertThat(firewalled(FakeHttp.get("/%61dmin/stats").dispatched("/admin/stats", null)).path)
                .isEqualTo("/admin/stats");
        Exchange disagree = FakeHttp.get("/%61dmin/stats").dispatched("/other", null).exchange();
        assertThat(reason(new FirewallStage(wiring.settings.clientAddresses).apply(disagree)))
                .as("a container that dispatches elsewhere than the path decodes to").isEqualTo(
                        RejectionReason.REQUEST_REJECTED);
    }

    @Test
    void firewallBelievesForwardedForOnlyFromATrustedProxy() {
        assertThat(firewalled(FakeHttp.get("/a").from("192.0.2.9").header("X-Forwarded-For", "198.51.100.7")).client)
                .isEqualTo("192.0.2.9");
        assertThat(firewalled(FakeHttp.get("/a").from("10.0.0.1").header("X-Forwarded-For", "198.51.100.7")).client)
                .isEqualTo("198.51.100.7");
    }

    // endpoints and public paths

    @Test
    void endpointStageTakesOnlyAPostToAnEndpointPath() throws IOException {
        Endpoint answering = new Endpoint(wiring) {
            @Override
            public Verdict handle(Exchange exchange) {
                return Verdict.handled();
            }
        };
        EndpointStage stage = new EndpointStage(Map.of("/zt/session", answering));
        assertThat(stage.apply(firewalled(FakeHttp.request("POST", "/zt/session")))).contains(Verdict.handled());
        assertThat(stage.apply(firewalled(FakeHttp.get("/zt/session")))).isEmpty();
        assertThat(stage.apply(firewalled(FakeHttp.request("POST", "/zt/session/x")))).isEmpty();
    }

    @Test
    void publicPathStageGrantsConfiguredPathsOnly() {
        PublicPathStage stage = new PublicPathStage(wiring.settings.publicPaths);
        assertThat(stage.apply(firewalled(FakeHttp.get("/health")))).contains(Verdict.grant());
        assertThat(stage.apply(firewalled(FakeHttp.get("/static/app/site.css")))).contains(Verdict.grant());
        assertThat(stage.apply(firewalled(FakeHttp.get("/%68ealth").dispatched("/health", null))))
                .as("matched on the decoded path").contains(Verdict.grant());
        assertThat(stage.apply(firewalled(FakeHttp.get("/healthz")))).isEmpty();
        assertThat(stage.apply(firewalled(FakeHttp.get("/api/health")))).isEmpty();
    }

    // authentication

    @Test
    void authenticateStageRefusesWithoutACredentialAndVerifiesOne() {
        AuthenticateStage stage = new AuthenticateStage(wiring);
        assertThat(reason(stage.apply(firewalled(FakeHttp.get("/a"))))).isEqualTo(RejectionReason.TOKEN_MISSING);
        assertThat(reason(stage.apply(firewalled(FakeHttp.get("/a?access_token=x")))))
                .as("never from the query").isEqualTo(RejectionReason.TOKEN_MISSING);
        Exchange ok = firewalled(FakeHttp.get("/a").header("Authorization", bearer(user().claim("sub", "alice"))));
        assertThat(stage.apply(ok)).isEmpty();
        assertThat(ok.token.subject()).contains("alice");
        assertThat(ok.credential.fromCookie()).isFalse();
    }

    @Test
    void authenticateStageThrowsTheRejectionOfABadOrAmbiguousCredential() {
        AuthenticateStage stage = new AuthenticateStage(wiring);
        Exchange twice = firewalled(FakeHttp.get("/a").header("Authorization", bearer(user()))
                .header("Authorization", bearer(user())));
        assertThatThrownBy(() -> stage.apply(twice)).isInstanceOfSatisfying(TokenRejectedException.class,
                e -> assertThat(e.reason()).isEqualTo(RejectionReason.INVALID_REQUEST));
        Exchange expired = firewalled(FakeHttp.get("/a").header("Authorization", bearer(user().claim("exp",
                clock.instant().getEpochSecond() - 3600))));
        assertThatThrownBy(() -> stage.apply(expired)).isInstanceOfSatisfying(TokenRejectedException.class,
                e -> assertThat(e.reason()).isEqualTo(RejectionReason.TOKEN_EXPIRED));
        assertThat(Pipeline.refusal(new TokenRejectedException(RejectionReason.TOKEN_EXPIRED, "x")).reason())
                .as("the pipeline answers it as a refusal with its reason").contains(RejectionReason.TOKEN_EXPIRED);
    }

    @Test
    void sessionStageRefusesAnAccessTokenInTheSessionCookie() {
        String access = user().kid("k1").sign("RS256", TestKeys.RSA.getPrivate());
        Exchange x = firewalled(FakeHttp.get("/a").header("Cookie", "__Host-zt-session=" + access));
        assertThat(new AuthenticateStage(wiring).apply(x)).isEmpty();
        assertThat(reason(new SessionStage(wiring).apply(x))).isEqualTo(RejectionReason.INVALID_REQUEST);
        Exchange bearer = firewalled(FakeHttp.get("/a").header("Authorization", "Bearer " + access));
        new AuthenticateStage(wiring).apply(bearer);
        assertThat(new SessionStage(wiring).apply(bearer)).as("an access token by header has no session").isEmpty();
        assertThat(bearer.session).isNull();
    }

    // CSRF

    private Exchange cookieSession(FakeHttp http) {
        Exchange x = firewalled(http.header("Cookie", "__Host-zt-session=opaque"));
        x.credential = Credential.of(x.request, x.cookies, wiring.settings.cookieName);
        x.session = SessionView.builder().id("s1").subject("alice").roles(Set.of()).scopes(Set.of()).amr(List.of())
                .createdAt(clock.instant()).lastSeenAt(clock.instant()).currentExpiresAt(clock.instant().plusSeconds(
                        300)).revoked(false).build();
        x.csrfToken = "csrf-secret";
        return x;
    }

    @Test
    void csrfStageAsksUnsafeCookieRequestsForTheSessionsTokenFromTheirOwnOrigin() throws IOException {
        CsrfStage stage = wiring.csrf;
        assertThat(stage.apply(cookieSession(FakeHttp.get("/a")))).as("safe method").isEmpty();
        assertThat(reason(stage.apply(cookieSession(FakeHttp.request("POST", "/a")))))
                .isEqualTo(RejectionReason.CSRF_REJECTED);
        assertThat(reason(stage.apply(cookieSession(FakeHttp.request("DELETE", "/a").header("X-CSRF-Token",
                "csrf-wrong"))))).isEqualTo(RejectionReason.CSRF_REJECTED);
        assertThat(stage.apply(cookieSession(FakeHttp.request("PUT", "/a").header("X-CSRF-Token", "csrf-secret"))))
                .isEmpty();
        assertThat(reason(stage.apply(cookieSession(FakeHttp.request("POST", "/a").header("X-CSRF-Token",
                "csrf-secret").header("Sec-Fetch-Site", "cross-site"))))).isEqualTo(RejectionReason.CSRF_REJECTED);
        assertThat(reason(stage.apply(cookieSession(FakeHttp.request("POST", "/a").header("X-CSRF-Token",
                "csrf-secret").header("Origin", "https://evil.example"))))).isEqualTo(RejectionReason.CSRF_REJECTED);
        assertThat(stage.apply(cookieSession(FakeHttp.request("POST", "/a").header("X-CSRF-Token", "csrf-secret")
                .header("Host", "app.example").header("Origin", "https://app.example")))).isEmpty();
    }

    @Test
    void csrfStageLetsBearerRequestsPass() throws IOException {
        Exchange x = firewalled(FakeHttp.request("POST", "/a").header("Authorization", bearer(user())));
        new AuthenticateStage(wiring).apply(x);
        assertThat(wiring.csrf.apply(x)).isEmpty();
    }

    // risk, device and authorization

    @Test
    void riskStageBelievesTheGeoHeaderOnlyFromATrustedProxy() {
        RiskStage stage = new RiskStage(wiring);
        Exchange direct = firewalled(FakeHttp.get("/a").from("192.0.2.9").header("X-Geo-Country", "fr"));
        direct.token = verified(user());
        assertThat(stage.apply(direct)).as("the risk stage refuses nothing itself").isEmpty();
        assertThat(direct.country).isNull();
        assertThat(direct.risk).isNotNull();
        Exchange proxied = firewalled(FakeHttp.get("/a").from("10.0.0.1").header("X-Geo-Country", "fr"));
        proxied.token = verified(user());
        stage.apply(proxied);
        assertThat(proxied.country).isEqualTo("FR");
        Exchange junk = firewalled(FakeHttp.get("/a").from("10.0.0.1").header("X-Geo-Country", "F1"));
        junk.token = verified(user());
        stage.apply(junk);
        assertThat(junk.country).isNull();
    }

    @Test
    void deviceStageGivesBearerClientsWithoutTheClaimNoDevice() {
        Exchange x = firewalled(FakeHttp.get("/a").header("Authorization", bearer(user())));
        new AuthenticateStage(wiring).apply(x);
        assertThat(wiring.devices.apply(x)).isEmpty();
        assertThat(x.deviceId).isNull();
        assertThat(x.deviceStepUp).isNull();
    }

    private Optional<Verdict> authorize(String path, TestTokens token, Decision risk, Verdict deviceStepUp) {
        Exchange x = firewalled(FakeHttp.get(path));
        x.token = verified(token);
        x.risk = risk;
        x.deviceStepUp = deviceStepUp;
        return new AuthorizeStage(wiring).apply(x);
    }

    @Test
    void authorizeStageRefusesWhatStepUpCannotCureBeforeAskingForStepUp() {
        TestTokens admin = user().claim("roles", List.of("admin"));
        assertThat(reason(authorize("/admin/x", user(), Decision.allow(), null)))
                .as("no role: refused, not sent to MFA first").isEqualTo(RejectionReason.INSUFFICIENT_ROLE);
        Verdict stepUp = authorize("/admin/x", admin, Decision.allow(), null).orElseThrow();
        assertThat(stepUp.isStepUp()).isTrue();
        assertThat(stepUp.acr()).contains("mfa");
        assertThat(authorize("/admin/x", admin.claim("acr", "mfa").claim("auth_time", clock.instant()
                .getEpochSecond()), Decision.allow(), null)).isEmpty();
        assertThat(reason(authorize("/admin/x", admin, Decision.deny("anomaly"), null)))
                .as("the risk decision before the step-up").isNotEqualTo(RejectionReason.STEP_UP_REQUIRED);
        assertThat(authorize("/admin/x", admin, Decision.deny("anomaly"), null).orElseThrow().isStepUp()).isFalse();
        Decision risky = Decision.of(Decision.Type.ALLOW, null, null, List.of("new_country"), 40);
        assertThat(reason(authorize("/transfers", user(), risky, null))).as("max-risk before the step-up")
                .isEqualTo(RejectionReason.ACCESS_DENIED);
        assertThat(authorize("/transfers", user(), Decision.allow(), null).orElseThrow().isStepUp()).isTrue();
        assertThat(reason(authorize("/internal/jobs", admin, Decision.allow(), null)))
                .isEqualTo(RejectionReason.ACCESS_DENIED);
    }

    @Test
    void authorizeStageAsksForTheDeviceStepUpLastAndOnlyWhenNothingElseRefuses() {
        Verdict device = Verdict.stepUp("mfa", null, "the session is bound to another device");
        assertThat(authorize("/orders", user(), Decision.allow(), device)).contains(device);
        assertThat(authorize("/orders", user(), Decision.allow(), null)).as("the default rule: authenticated")
                .isEmpty();
        assertThat(reason(authorize("/internal/jobs", user(), Decision.allow(), device)))
                .isEqualTo(RejectionReason.ACCESS_DENIED);
    }
}
