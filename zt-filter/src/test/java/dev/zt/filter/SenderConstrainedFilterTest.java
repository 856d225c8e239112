package dev.zt.filter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zt.internal.json.StrictJson;
import dev.zt.testing.DpopProof;
import dev.zt.testing.TestCertificates;
import dev.zt.testing.TestKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.Map;

/**
 * DPoP (RFC 9449) and certificate-bound tokens (RFC 8705) through the filter over HTTP: the challenges, the proxy's
 * view of the URL, the nonce round trip, sessions inheriting the binding, path rules, and a forwarded client
 * certificate believed from trusted proxies only.
 */
class SenderConstrainedFilterTest {

    private static final KeyPair CLIENT = TestKeys.EC;
    private static final KeyPair THIEF = TestKeys.ec("secp256r1");

    private final FilterFixture fx = new FilterFixture();

    @AfterEach
    void stop() throws Exception {
        fx.close();
    }

    private String bound(KeyPair key) {
        return fx.access(fx.token().claim("cnf", Map.of("jkt", DpopProof.thumbprint(key.getPublic()))));
    }

    private DpopProof proof(KeyPair key, String method, String path, String token) {
        return DpopProof.of(key, "ES256").htm(method).htu(fx.server.uri(path).toString()).iat(fx.clock.instant())
                .ath(token);
    }

    private HttpResponse<String> dpopGet(String path, String token, String proof) throws Exception {
        return fx.server.send(fx.server.request(path).header("Authorization", "DPoP " + token).header("DPoP", proof));
    }

    @Test
    void aBoundTokenWithItsProofPassesAndAStolenOneIsRefusedEveryWay() throws Exception {
        fx.start();
        String token = bound(CLIENT);
        assertThat(dpopGet("/orders", token, proof(CLIENT, "GET", "/orders", token).sign()).statusCode())
                .isEqualTo(200);

        HttpResponse<String> asBearer = fx.server.get("/orders", token);
        assertThat(asBearer.statusCode()).isEqualTo(401);
        assertThat(asBearer.body()).contains("\"reason\":\"dpop_required\"");
        assertThat(asBearer.headers().firstValue("WWW-Authenticate").orElseThrow())
                .startsWith("Bearer realm=\"zt\", DPoP realm=\"zt\", error=\"invalid_token\"")
                .contains("algs=\"ES256 ES384 ES512 EdDSA PS256 PS384 PS512 RS256 RS384 RS512\"");

        HttpResponse<String> thief = dpopGet("/orders", token, proof(THIEF, "GET", "/orders", token).sign());
        assertThat(thief.statusCode()).isEqualTo(401);
        assertThat(thief.body()).contains("\"reason\":\"dpop_binding_mismatch\"");
        assertThat(thief.headers().firstValue("WWW-Authenticate").orElseThrow())
                .isEqualTo("Bearer realm=\"zt\", DPoP realm=\"zt\", error=\"invalid_dpop_proof\", error_description=\"the"
                        + " DPoP proof does not match the token\", algs=\"ES256 ES384 ES512 EdDSA PS256 PS384 PS512 RS256"
                        + " RS384 RS512\"");

        String captured = proof(CLIENT, "GET", "/orders", token).sign();
        assertThat(dpopGet("/orders", token, captured).statusCode()).isEqualTo(200);
        HttpResponse<String> replay = dpopGet("/orders", token, captured);
        assertThat(replay.body()).contains("\"reason\":\"dpop_replayed\"");

        HttpResponse<String> otherPath = dpopGet("/admin", token, proof(CLIENT, "GET", "/orders", token).sign());
        assertThat(otherPath.body()).contains("\"reason\":\"dpop_proof_invalid\"");
        HttpResponse<String> otherMethod = fx.server.send(fx.server.request("/orders").header("Authorization",
                "DPoP " + token).header("DPoP", proof(CLIENT, "GET", "/orders", token).sign())
                .DELETE());
        assertThat(otherMethod.body()).contains("\"reason\":\"dpop_proof_invalid\"");
    }

    @Test
    void aBearerRefusalNamesBothSchemesAndTheErrorGoesWhereTheTokenCame() throws Exception {
        fx.start();
        String expired = fx.access(fx.token().claim("exp", fx.clock.instant().minusSeconds(600).getEpochSecond()));
        HttpResponse<String> bearer = fx.server.get("/orders", expired);
        assertThat(bearer.headers().firstValue("WWW-Authenticate").orElseThrow())
                .startsWith("Bearer realm=\"zt\", error=\"invalid_token\"").contains(", DPoP realm=\"zt\", algs=");
        HttpResponse<String> dpop = dpopGet("/orders", expired, "x");
        assertThat(dpop.headers().firstValue("WWW-Authenticate").orElseThrow())
                .startsWith("Bearer realm=\"zt\", DPoP realm=\"zt\", error=\"invalid_token\"");
        HttpResponse<String> none = fx.server.get("/orders", null);
        assertThat(none.headers().firstValue("WWW-Authenticate").orElseThrow())
                .isEqualTo("Bearer realm=\"zt\", DPoP realm=\"zt\", algs=\"ES256 ES384 ES512 EdDSA PS256 PS384 PS512"
                        + " RS256 RS384 RS512\"");
    }

    @Test
    void withDpopOffEverywhereOnlyTheBearerChallengeIsSent() throws Exception {
        fx.with("zt.dpop", "off").start();
        HttpResponse<String> none = fx.server.get("/orders", null);
        assertThat(none.headers().firstValue("WWW-Authenticate").orElseThrow()).isEqualTo("Bearer realm=\"zt\"");
    }

    @Test
    void theHtuIsTheUrlTheClientSawThroughATrustedProxyOrTheConfiguredOrigin() throws Exception {
        fx.with("zt.trusted-proxies", "127.0.0.1").start();
        String token = bound(CLIENT);
        String external = "https://api.example.test/app/orders";
        String p = DpopProof.of(CLIENT, "ES256").htm("GET").htu(external).iat(fx.clock.instant()).ath(token).sign();
        HttpResponse<String> viaProxy = fx.server.send(fx.server.request("/orders").header("Authorization",
                "DPoP " + token).header("DPoP", p).header("X-Forwarded-Proto", "https")
                .header("X-Forwarded-Host", "api.example.test"));
        assertThat(viaProxy.statusCode()).as(viaProxy.body()).isEqualTo(200);
        String p2 = DpopProof.of(CLIENT, "ES256").htm("GET").htu(external).iat(fx.clock.instant()).ath(token).sign();
        HttpResponse<String> direct = dpopGet("/orders", token, p2); // the same proof sent past the proxy
        assertThat(direct.body()).contains("\"reason\":\"dpop_proof_invalid\"");
    }

    @Test
    void forwardedHostIsIgnoredFromAnUntrustedPeer() throws Exception {
        fx.start();
        String token = bound(CLIENT);
        String p = DpopProof.of(CLIENT, "ES256").htm("GET").htu("https://api.example.test/app/orders")
                .iat(fx.clock.instant()).ath(token).sign();
        HttpResponse<String> r = fx.server.send(fx.server.request("/orders").header("Authorization", "DPoP " + token)
                .header("DPoP", p).header("X-Forwarded-Proto", "https").header("X-Forwarded-Host", "api.example.test"));
        assertThat(r.body()).contains("\"reason\":\"dpop_proof_invalid\"");
    }

    @Test
    void configuredOriginsReplaceTheRequestsOwn() throws Exception {
        fx.with("zt.dpop.origins", "https://api.example.test, https://api2.example.test:8443").start();
        String token = bound(CLIENT);
        for (String origin : new String[] {"https://api.example.test", "https://api2.example.test:8443"}) {
            String p = DpopProof.of(CLIENT, "ES256").htm("GET").htu(origin + "/app/orders").iat(fx.clock.instant())
                    .ath(token).sign();
            assertThat(dpopGet("/orders", token, p).statusCode()).as(origin).isEqualTo(200);
        }
        assertThat(dpopGet("/orders", token, proof(CLIENT, "GET", "/orders", token).sign()).body())
                .contains("\"reason\":\"dpop_proof_invalid\"");
    }

    @Test
    void aRequiredNonceIsHandedOutAndThenAccepted() throws Exception {
        fx.with("zt.dpop.nonce", "required").start();
        String token = bound(CLIENT);
        HttpResponse<String> first = dpopGet("/orders", token, proof(CLIENT, "GET", "/orders", token).sign());
        assertThat(first.statusCode()).isEqualTo(401);
        assertThat(first.headers().firstValue("WWW-Authenticate").orElseThrow())
                .contains("DPoP realm=\"zt\", error=\"use_dpop_nonce\"");
        assertThat(first.body()).contains("\"reason\":\"dpop_nonce_required\"");
        String nonce = first.headers().firstValue("DPoP-Nonce").orElseThrow();
        HttpResponse<String> retry = dpopGet("/orders", token, proof(CLIENT, "GET", "/orders", token).nonce(nonce)
                .sign());
        assertThat(retry.statusCode()).isEqualTo(200);
        fx.clock.advance(Duration.ofMinutes(5)); // the next period: accepted, and the new nonce is handed over
        String later = bound(CLIENT);
        HttpResponse<String> rotated = dpopGet("/orders", later, proof(CLIENT, "GET", "/orders", later).nonce(nonce)
                .sign());
        assertThat(rotated.statusCode()).isEqualTo(200);
        assertThat(rotated.headers().firstValue("DPoP-Nonce")).isPresent().get().isNotEqualTo(nonce);
    }

    @Test
    void aSessionExchangedWithABoundTokenIsBoundToTheSameKey() throws Exception {
        fx.start();
        String token = bound(CLIENT);
        HttpResponse<String> asBearer = fx.server.send(fx.server.request("/zt/session").header("Authorization",
                "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(asBearer.body()).contains("\"reason\":\"dpop_required\"");
        HttpResponse<String> created = fx.server.send(fx.server.request("/zt/session").header("Authorization",
                "DPoP " + token).header("DPoP", proof(CLIENT, "POST", "/zt/session", token).sign())
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        String session = (String) StrictJson.parseObject(created.body()).get("session_token");
        assertThat(dev.zt.internal.token.CompactJws.parse(session).claims().get("cnf"))
                .isEqualTo(Map.of("jkt", DpopProof.thumbprint(CLIENT.getPublic())));

        assertThat(fx.server.get("/orders", session).body()).contains("\"reason\":\"dpop_required\"");
        assertThat(dpopGet("/orders", session, proof(THIEF, "GET", "/orders", session).sign()).body())
                .contains("\"reason\":\"dpop_binding_mismatch\"");
        assertThat(dpopGet("/orders", session, proof(CLIENT, "GET", "/orders", session).sign()).statusCode())
                .isEqualTo(200);

        fx.clock.advance(Duration.ofMinutes(11)); // due for refresh: the refreshed token keeps the binding
        HttpResponse<String> refreshedBy = dpopGet("/orders", session, proof(CLIENT, "GET", "/orders", session).sign());
        assertThat(refreshedBy.statusCode()).isEqualTo(200);
        String refreshed = refreshedBy.headers().firstValue("X-Refreshed-Token").orElseThrow();
        assertThat(dev.zt.internal.token.CompactJws.parse(refreshed).claims().get("cnf"))
                .isEqualTo(Map.of("jkt", DpopProof.thumbprint(CLIENT.getPublic())));
        assertThat(fx.server.get("/orders", refreshed).body()).contains("\"reason\":\"dpop_required\"");

        HttpResponse<String> thiefLogout = fx.server.send(fx.server.request("/zt/logout").header("Authorization",
                "Bearer " + refreshed).POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(thiefLogout.body()).contains("\"reason\":\"dpop_required\"");
    }

    @Test
    void pathRulesCanRequireASenderConstrainedToken(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path rules = dir.resolve("rules.txt");
        Files.writeString(rules, "* /payments/** dpop\n* /reports/** bound\n");
        fx.with("zt.rules", "file:" + rules).start();
        HttpResponse<String> bearer = fx.server.get("/payments/1", fx.access());
        assertThat(bearer.statusCode()).isEqualTo(401);
        assertThat(bearer.body()).contains("\"reason\":\"proof_of_possession_required\"");
        assertThat(bearer.headers().firstValue("WWW-Authenticate").orElseThrow())
                .contains("DPoP realm=\"zt\", error=\"invalid_token\"");
        assertThat(fx.server.get("/orders", fx.access()).statusCode()).isEqualTo(200);
        String token = bound(CLIENT);
        assertThat(dpopGet("/payments/1", token, proof(CLIENT, "GET", "/payments/1", token).sign()).statusCode())
                .isEqualTo(200);
        assertThat(dpopGet("/reports/1", token, proof(CLIENT, "GET", "/reports/1", token).sign()).statusCode())
                .isEqualTo(200);
    }

    @Test
    void aCertificateBoundTokenNeedsTheCertificateATrustedProxyForwards() throws Exception {
        fx.with("zt.trusted-proxies", "127.0.0.1").start();
        String token = fx.access(fx.token().claim("cnf", Map.of("x5t#S256",
                TestCertificates.thumbprint(TestCertificates.A))));
        assertThat(withCert(token, TestCertificates.header(TestCertificates.A)).statusCode()).isEqualTo(200);
        HttpResponse<String> other = withCert(token, TestCertificates.header(TestCertificates.B));
        assertThat(other.statusCode()).isEqualTo(401);
        assertThat(other.body()).contains("\"reason\":\"certificate_binding_mismatch\"");
        assertThat(fx.server.get("/orders", token).body()).contains("\"reason\":\"certificate_binding_mismatch\"");
        assertThat(withCert(token, ":bm90IGEgY2VydGlmaWNhdGU=:").body()).contains("\"reason\":\"request_rejected\"");
        assertThat(withCert(token, "MIIB").body()).contains("\"reason\":\"request_rejected\"");
        String pem = "-----BEGIN CERTIFICATE-----\n" + java.util.Base64.getMimeEncoder().encodeToString(
                TestCertificates.A.getEncoded()) + "\n-----END CERTIFICATE-----\n";
        String escaped = java.net.URLEncoder.encode(pem, java.nio.charset.StandardCharsets.US_ASCII).replace("+",
                "%20"); // as nginx's $ssl_client_escaped_cert and Envoy's %DOWNSTREAM_PEER_CERT% write it
        assertThat(withCert(token, escaped).statusCode()).isEqualTo(200);
        assertThat(withCert(token, escaped.replace("BEGIN%20CERT", "BEGIN%ZZCERT")).body())
                .contains("\"reason\":\"request_rejected\"");
    }

    @Test
    void aClientCertificateHeaderFromAnUntrustedClientIsIgnored() throws Exception {
        fx.start(); // no trusted proxies: the client wrote the header itself
        String token = fx.access(fx.token().claim("cnf", Map.of("x5t#S256",
                TestCertificates.thumbprint(TestCertificates.A))));
        HttpResponse<String> forged = withCert(token, TestCertificates.header(TestCertificates.A));
        assertThat(forged.statusCode()).isEqualTo(401);
        assertThat(forged.body()).contains("\"reason\":\"certificate_binding_mismatch\"");
        assertThat(withCert(fx.access(), "junk").statusCode()).isEqualTo(200); // not read at all
    }

    @Test
    void zeroTrustClientCertHeaderNamesTheHeaderOrTurnsItOff() throws Exception {
        fx.with("zt.trusted-proxies", "127.0.0.1").with("zt.client-cert.header", "X-SSL-Client-Cert").start();
        String token = fx.access(fx.token().claim("cnf", Map.of("x5t#S256",
                TestCertificates.thumbprint(TestCertificates.A))));
        assertThat(withCert(token, TestCertificates.header(TestCertificates.A)).statusCode()).isEqualTo(401);
        assertThat(fx.server.send(fx.server.request("/orders").header("Authorization", "Bearer " + token)
                .header("X-SSL-Client-Cert", TestCertificates.header(TestCertificates.A))).statusCode()).isEqualTo(200);
    }

    private HttpResponse<String> withCert(String token, String header) throws Exception {
        return fx.server.send(fx.server.request("/orders").header("Authorization", "Bearer " + token)
                .header("Client-Cert", header));
    }

}
