package dev.zt.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zt.internal.keys.SigningKeys;
import dev.zt.testing.Json;
import dev.zt.testing.Jwk;
import dev.zt.testing.Signer;
import dev.zt.testing.TestKeys;

import java.io.File;
import java.math.BigInteger;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.spec.SecretKeySpec;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * RFC 8725 and OWASP JWT attack classes as real tokens over HTTP against the sample on WildFly. The sample trusts its
 * demo service key (shipped in the WAR, so tests can sign genuine tokens too); every attack must get its stable
 * reason, and nothing may ever answer 500.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class AttackSuiteIT {

    private static final String ISS = "urn:zt:service:sample-reports";
    private static final String AUD = "sample-internal";
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    @ArquillianResource
    private URL base;

    private SigningKeys service;
    private String kid;

    @Deployment(testable = false)
    static WebArchive sample() {
        return ShrinkWrap.create(ZipImporter.class, "sample.war").importFrom(new File("target/sample.war"))
                .as(WebArchive.class);
    }

    @BeforeEach
    void keys() {
        service = SigningKeys.load("classpath:demo-keys/service.key", getClass().getClassLoader());
        kid = service.verificationKey().keyIdOrNull();
    }

    private Map<String, Object> claims() {
        long now = Instant.now().getEpochSecond();
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("iss", ISS);
        c.put("sub", ISS);
        c.put("aud", AUD);
        c.put("iat", now);
        c.put("exp", now + 60);
        return c;
    }

    private Map<String, Object> header(String alg) {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("alg", alg);
        h.put("kid", kid);
        return h;
    }

    private String sign(Map<String, Object> header, Map<String, Object> claims) {
        return Signer.compact(Json.write(header), Json.write(claims), (String) header.get("alg"),
                service.privateKey());
    }

    private String sign(Map<String, Object> header, String rawClaims, PrivateKey key) {
        return Signer.compact(Json.write(header), rawClaims, (String) header.get("alg"), key);
    }

    private HttpResponse<String> call(String token) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base.toString().replaceAll("/$", "")
                + "/api/internal/report")).header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(30))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private final List<String> failures = new ArrayList<>();

    private void expect(String attack, String token, String reason) throws Exception {
        HttpResponse<String> r = call(token);
        boolean ok = r.statusCode() == 401 && r.body().contains("\"reason\":\"" + reason + "\"")
                && r.headers().firstValue("WWW-Authenticate").orElse("").contains("error=\"invalid_token\"")
                && !r.body().contains("Exception") && !r.body().contains(token);
        if (!ok) {
            failures.add(attack + ": " + r.statusCode() + " " + r.body());
        }
    }

    @Test
    void genuineServiceTokenIsAccepted() throws Exception {
        HttpResponse<String> r = call(sign(header("ES256"), claims()));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    @Test
    void everyAttackIsRefusedWithItsReasonAndNeverA500() throws Exception {
        String good = sign(header("ES256"), claims());
        String[] p = good.split("\\.");
        String payload = Signer.b64(Json.write(claims()));

        for (String none : new String[] {"none", "None", "NONE", "nOnE"}) {
            expect("alg " + none, Signer.b64("{\"alg\":\"" + none + "\"}") + "." + payload + ".",
                    "algorithm_not_allowed");
        }
        expect("stripped signature", p[0] + "." + p[1] + ".", "signature_invalid");
        expect("truncated signature", p[0] + "." + p[1] + "." + p[2].substring(0, 20), "signature_invalid");
        Map<String, Object> other = claims();
        other.put("exp", ((Long) other.get("exp")) + 3600);
        expect("payload swapped", p[0] + "." + Signer.b64(Json.write(other)) + "." + p[2], "signature_invalid");

        byte[] der = service.verificationKey().key().getEncoded();
        String pem = "-----BEGIN PUBLIC KEY-----\n" + java.util.Base64.getMimeEncoder().encodeToString(der)
                + "\n-----END PUBLIC KEY-----\n";
        for (byte[] confused : new byte[][] {der, pem.getBytes(java.nio.charset.StandardCharsets.US_ASCII)}) {
            expect("HS256 with the public key", Signer.compact(Json.write(header("HS256")), Json.write(claims()),
                    "HS256", new SecretKeySpec(confused, "HmacSHA256")), "algorithm_not_allowed");
        }

        KeyPair attacker = TestKeys.ec("secp256r1");
        Map<String, Object> embedded = header("ES256");
        embedded.put("jwk", Jwk.of(null, attacker.getPublic()));
        expect("embedded jwk", sign(embedded, Json.write(claims()), attacker.getPrivate()), "signature_invalid");
        for (String h : new String[] {"jku", "x5u"}) {
            Map<String, Object> remote = header("ES256");
            remote.put("kid", "attacker-key");
            remote.put(h, "https://attacker.example/keys");
            expect(h + " elsewhere", sign(remote, Json.write(claims()), attacker.getPrivate()), "key_unknown");
        }
        Map<String, Object> x5c = header("ES256");
        x5c.put("x5c", List.of("MIIBattacker"));
        expect("x5c", sign(x5c, Json.write(claims()), attacker.getPrivate()), "signature_invalid");
        for (String evil : new String[] {"../../../../etc/passwd", "' OR '1'='1", "kid\u0000", "${jndi:ldap://x/a}"}) {
            Map<String, Object> h = header("ES256");
            h.put("kid", evil);
            expect("kid " + evil, sign(h, Json.write(claims()), attacker.getPrivate()), "key_unknown");
        }

        expect("ECDSA r=s=0 raw", p[0] + "." + p[1] + "." + Signer.b64(new byte[64]), "signature_invalid");
        expect("ECDSA r=s=0 DER", p[0] + "." + p[1] + "." + Signer.b64(new byte[] {0x30, 6, 2, 1, 0, 2, 1, 0}),
                "signature_invalid");

        for (Object crit : new Object[] {List.of("exp"), List.of(), "b64", List.of("b64")}) {
            Map<String, Object> h = header("ES256");
            h.put("crit", crit);
            expect("crit " + crit, sign(h, claims()), "header_invalid");
        }
        Map<String, Object> b64 = header("ES256");
        b64.put("b64", false);
        expect("b64 false", sign(b64, claims()), "header_invalid");
        Map<String, Object> cty = header("ES256");
        cty.put("cty", "JWT");
        expect("cty JWT", sign(cty, claims()), "header_invalid");

        String claimsJson = Json.write(claims());
        String dupIss = claimsJson.substring(0, claimsJson.length() - 1) + ",\"\\u0069ss\":\"https://evil\"}";
        expect("duplicate claim via escape", sign(header("ES256"), dupIss, service.privateKey()), "token_malformed");
        expect("trailing JSON", sign(header("ES256"), claimsJson + "{}", service.privateKey()), "token_malformed");
        Map<String, Object> deep = claims();
        deep.put("n", Json.raw("[".repeat(40) + "]".repeat(40)));
        expect("nested JSON", sign(header("ES256"), deep), "token_malformed");
        Map<String, Object> huge = claims();
        huge.put("pad", "x".repeat(20_000));
        expect("huge token", sign(header("ES256"), huge), "token_too_large");

        long now = Instant.now().getEpochSecond();
        Object[][] timeTricks = {{"exp", String.valueOf(now + 60), "claim_invalid"},
            {"exp", Json.raw(new BigInteger("18446744073709551616").add(BigInteger.valueOf(now + 60)).toString()),
                "claim_invalid"},
            {"exp", now - 3600, "token_expired"}, {"nbf", Long.MAX_VALUE, "claim_invalid"},
            {"nbf", now + 3600, "token_not_yet_valid"}, {"iat", now + 3600, "token_issued_in_future"},
            {"iat", "yesterday", "claim_invalid"}, {"exp", null, "claim_invalid"}};
        for (Object[] t : timeTricks) {
            Map<String, Object> c = claims();
            c.put((String) t[0], t[1]);
            expect(t[0] + "=" + t[1], sign(header("ES256"), c), (String) t[2]);
        }
        Map<String, Object> noExp = claims();
        noExp.remove("exp");
        expect("no exp", sign(header("ES256"), noExp), "claim_invalid");

        Object[] auds = {"other", List.of("other"), "SAMPLE-INTERNAL", List.of()};
        for (Object aud : auds) {
            Map<String, Object> c = claims();
            c.put("aud", aud);
            expect("aud " + aud, sign(header("ES256"), c), "audience_mismatch");
        }
        for (String iss : new String[] {"URN:ZT:SERVICE:SAMPLE-REPORTS", ISS + "/", "https://evil.example"}) {
            Map<String, Object> c = claims();
            c.put("iss", iss);
            expect("iss " + iss, sign(header("ES256"), c), "issuer_untrusted");
        }

        expect("padding", p[0] + "==." + p[1] + "." + p[2], "token_malformed");
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        String sig = p[2];
        char last = sig.charAt(sig.length() - 1);
        if (sig.length() % 4 != 0) {
            char altered = alphabet.charAt(alphabet.indexOf(last) | 1);
            if (altered != last) {
                expect("non-canonical base64", p[0] + "." + p[1] + "." + sig.substring(0, sig.length() - 1) + altered,
                        "token_malformed");
            }
        }
        expect("JWE shape", good + ".x.y", "token_malformed");

        KeyPair weak = TestKeys.rsa(1024);
        Map<String, Object> rsa = header("RS256");
        rsa.remove("kid");
        expect("weak RSA key", Signer.compact(Json.write(rsa), Json.write(claims()), "RS256", weak.getPrivate()),
                "key_unknown");

        assertThat(failures).isEmpty();
    }

    @Test
    void sessionAndAccessTokensCannotStandInForEachOther() throws Exception {
        String base0 = base.toString().replaceAll("/$", "");
        HttpResponse<String> login = HTTP.send(HttpRequest.newBuilder(URI.create(base0 + "/login"))
                .header("Accept", "application/json").header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=alice&password=alice-password")).build(),
                HttpResponse.BodyHandlers.ofString());
        String session = login.body().replaceAll(".*\"session_token\":\"([^\"]+)\".*", "$1");
        HttpResponse<String> exchange = HTTP.send(HttpRequest.newBuilder(URI.create(base0 + "/zt/session"))
                .header("Authorization", "Bearer " + session).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(exchange.statusCode()).isEqualTo(400);
        assertThat(exchange.body()).contains("invalid_request");
        HttpResponse<String> asCookie = HTTP.send(HttpRequest.newBuilder(URI.create(base0 + "/api/whoami"))
                .header("Cookie", "__Host-zt-session=" + sign(header("ES256"), claims())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(asCookie.statusCode()).isEqualTo(400);
        assertThat(asCookie.body()).contains("invalid_request");
        assertThat(call(session).statusCode()).as("a user's session is not the service's identity").isEqualTo(403);

        HttpResponse<String> logout = HTTP.send(HttpRequest.newBuilder(URI.create(base0 + "/zt/logout"))
                .header("Authorization", "Bearer " + session).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(logout.statusCode()).isEqualTo(204);
        HttpResponse<String> replay = HTTP.send(HttpRequest.newBuilder(URI.create(base0 + "/api/whoami"))
                .header("Authorization", "Bearer " + session).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(replay.statusCode()).isEqualTo(401);
        assertThat(replay.body()).contains("session_revoked");
    }
}
