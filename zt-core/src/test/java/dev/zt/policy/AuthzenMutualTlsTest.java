package dev.zt.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import dev.zt.ZeroTrust;
import dev.zt.config.ConfigurationException;
import dev.zt.config.ZtConfig;
import dev.zt.internal.keys.ClientTls;
import dev.zt.internal.keys.StaticKeySource;
import dev.zt.spi.keys.KeySet;
import dev.zt.spi.keys.VerificationKey;
import dev.zt.testing.LogCapture;
import dev.zt.testing.MutableClock;
import dev.zt.testing.TestKeys;
import dev.zt.testing.TestTokens;
import dev.zt.token.RejectionReason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;

/**
 * Mutual TLS to the AuthZEN PDP ({@code zt.authzen.tls.*}): a real TLS server on 127.0.0.1 that requires a client
 * certificate from its CA (certificates made with openssl for each run), the certificate zt presents, refused
 * certificates, an untrusted server, client credentials authenticated by the certificate (RFC 8705 {@code
 * tls_client_auth}) and a certificate rotated on disk.
 */
class AuthzenMutualTlsTest {

    @TempDir
    Path dir;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:00:00Z"));
    private HttpsServer pdp;
    /** The subject of each client certificate the PDP saw, per evaluation. */
    private final List<String> clients = new CopyOnWriteArrayList<>();
    /** What the token endpoint was sent: its form and whether it had an Authorization header. */
    private final List<String> tokenRequests = new CopyOnWriteArrayList<>();
    private final List<String> bearers = new CopyOnWriteArrayList<>();
    private ZeroTrust zt;

    @BeforeEach
    void certificatesAndPdp() throws Exception {
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "ca.key",
                "-out", "ca.pem", "-days", "2", "-subj", "/CN=zt test ca");
        issue("server", "/CN=127.0.0.1", "subjectAltName=IP:127.0.0.1");
        issue("client", "/CN=zt-client", "extendedKeyUsage=clientAuth");
        issue("client2", "/CN=zt-client-2", "extendedKeyUsage=clientAuth");
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout",
                "rogue.key", "-out", "rogue.pem", "-days", "2", "-subj", "/CN=zt-client");
        openssl("pkcs12", "-export", "-in", "server.pem", "-inkey", "server.key", "-out", "server.p12", "-passout",
                "pass:test");
        startPdp();
    }

    @AfterEach
    void stop() {
        if (zt != null) {
            zt.close();
        }
        if (pdp != null) {
            pdp.stop(0);
        }
    }

    private void openssl(String... args) throws Exception {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "openssl";
        System.arraycopy(args, 0, cmd, 1, args.length);
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("openssl " + String.join(" ", args) + ": " + out).isZero();
    }

    /** A key and a certificate for {@code subject} signed by the test CA. */
    private void issue(String name, String subject, String extension) throws Exception {
        Files.writeString(dir.resolve(name + ".ext"), extension + "\n");
        openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", name + ".key",
                "-out", name + ".csr", "-subj", subject);
        openssl("x509", "-req", "-in", name + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out",
                name + ".pem", "-days", "2", "-extfile", name + ".ext");
    }

    /** A PDP over TLS that needs a client certificate chaining to the test CA, and a token endpoint beside it. */
    private void startPdp() throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(dir.resolve("server.p12"))) {
            keys.load(in, "test".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, "test".toCharArray());
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(dir.resolve("ca.pem"))) {
            trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        pdp = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        pdp.setHttpsConfigurator(new HttpsConfigurator(tls) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters p = tls.getDefaultSSLParameters();
                p.setNeedClientAuth(true);
                params.setSSLParameters(p);
            }
        });
        pdp.createContext("/access/v1/evaluation", ex -> {
            ex.getRequestBody().readAllBytes();
            X509Certificate peer = (X509Certificate) ((HttpsExchange) ex).getSSLSession().getPeerCertificates()[0];
            clients.add(peer.getSubjectX500Principal().getName());
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            bearers.add(auth == null ? "none" : auth);
            byte[] b = "{\"decision\":true}".getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.getResponseHeaders().add("Connection", "close"); // every call a new handshake
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        pdp.createContext("/token", ex -> {
            String form = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            tokenRequests.add(form + " authorization=" + (ex.getRequestHeaders().getFirst("Authorization") != null));
            byte[] b = "{\"access_token\":\"pdp-access\",\"expires_in\":300}".getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        pdp.start();
    }

    private String base() {
        return "https://127.0.0.1:" + pdp.getAddress().getPort();
    }

    private Map<String, String> settings() {
        Map<String, String> m = new HashMap<>(Map.of("zt.issuer", TestTokens.ISSUER, "zt.audience",
                TestTokens.AUDIENCE, "zt.algorithms", "RS256", "zt.authzen.pdp", base(), "zt.authzen.timeout", "5s",
                "zt.authzen.cache.ttl", "0s"));
        m.put("zt.authzen.tls.ca-file", "file:" + dir.resolve("ca.pem"));
        m.put("zt.authzen.tls.certificate", "file:" + dir.resolve("client.pem"));
        m.put("zt.authzen.tls.key", "file:" + dir.resolve("client.key"));
        return m;
    }

    private ZeroTrust engine(Map<String, String> settings) {
        zt = ZeroTrust.builder(ZtConfig.fromMap(settings)).clock(clock).keySource("default", StaticKeySource.of(
                KeySet.of(List.of(VerificationKey.of("k1", null, TestKeys.RSA.getPublic()))), "test")).build();
        return zt;
    }

    private Verdict decide(ZeroTrust engine) {
        AccessRequest r = AccessRequest.builder().token(engine.verifier().verify(TestTokens.valid(clock.instant())
                .kid("k1").sign("RS256", TestKeys.RSA.getPrivate()))).time(clock.instant()).build();
        return engine.policyDecisionPoint().orElseThrow().decide(r, "approve", "order", "42");
    }

    @Test
    void ztPresentsItsCertificateToAPdpThatRequiresOne() {
        Verdict v = decide(engine(settings()));
        assertThat(v.granted()).isTrue();
        assertThat(clients).containsExactly("CN=zt-client");
        assertThat(bearers).containsExactly("none");
    }

    @Test
    void withoutACertificateThePdpRefusesTheHandshakeAndTheDecisionIsUnavailable() {
        Map<String, String> m = settings();
        m.remove("zt.authzen.tls.certificate");
        m.remove("zt.authzen.tls.key");
        assertThat(decide(engine(m)).reason()).contains(RejectionReason.PDP_UNAVAILABLE);
        assertThat(clients).isEmpty();
    }

    @Test
    void aCertificateOfAnotherCaWithTheSameNameIsRefused() {
        Map<String, String> m = settings();
        m.put("zt.authzen.tls.certificate", "file:" + dir.resolve("rogue.pem"));
        m.put("zt.authzen.tls.key", "file:" + dir.resolve("rogue.key"));
        assertThat(decide(engine(m)).reason()).contains(RejectionReason.PDP_UNAVAILABLE);
        assertThat(clients).isEmpty();
    }

    @Test
    void aPdpWhoseServerCertificateIsNotTrustedIsUnavailable() {
        Map<String, String> m = settings();
        m.remove("zt.authzen.tls.ca-file"); // the JVM's trust store does not know the test CA
        assertThat(decide(engine(m)).reason()).contains(RejectionReason.PDP_UNAVAILABLE);
        assertThat(clients).isEmpty();
    }

    @Test
    void clientCredentialsAreAuthenticatedByTheCertificateWithoutASecret() {
        Map<String, String> m = settings();
        m.put("zt.authzen.token-endpoint", base() + "/token");
        m.put("zt.authzen.client-id", "zt-orders");
        assertThat(decide(engine(m)).granted()).isTrue();
        assertThat(tokenRequests).hasSize(1);
        assertThat(tokenRequests.get(0).split("[& ]")).containsExactlyInAnyOrder("grant_type=client_credentials",
                "client_id=zt-orders", "authorization=false");
        assertThat(bearers).containsExactly("Bearer pdp-access");
    }

    @Test
    void aCertificateRotatedOnDiskIsPresentedWithoutARestart() throws Exception {
        ZeroTrust engine = engine(settings());
        assertThat(decide(engine).granted()).isTrue();
        Files.copy(dir.resolve("client2.pem"), dir.resolve("client.pem"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(dir.resolve("client2.key"), dir.resolve("client.key"), StandardCopyOption.REPLACE_EXISTING);
        assertThat(decide(engine).granted()).isTrue(); // the files are looked at again only after a while
        clock.advance(ClientTls.RELOAD_CHECK.plus(Duration.ofSeconds(1)));
        assertThat(decide(engine).granted()).isTrue();
        assertThat(clients).containsExactly("CN=zt-client", "CN=zt-client", "CN=zt-client-2");
    }

    @Test
    void aRotationThatCannotBeUsedKeepsThePreviousCertificateUntilItIsComplete() throws Exception {
        ZeroTrust engine = engine(settings());
        assertThat(decide(engine).granted()).isTrue();
        LogCapture log = LogCapture.start("dev.zt.tls", Level.WARNING);
        try {
            // half a rotation: the certificate is new, the key is not
            Files.copy(dir.resolve("client2.pem"), dir.resolve("client.pem"), StandardCopyOption.REPLACE_EXISTING);
            clock.advance(ClientTls.RELOAD_CHECK.plus(Duration.ofSeconds(1)));
            assertThat(decide(engine).granted()).isTrue();
            assertThat(log.records()).singleElement().satisfies(r -> assertThat(r.getMessage())
                    .contains("cannot be used, the previous one stays").contains("does not belong")
                    .doesNotContain("PRIVATE KEY"));
        } finally {
            log.close();
        }
        Files.copy(dir.resolve("client2.key"), dir.resolve("client.key"), StandardCopyOption.REPLACE_EXISTING);
        clock.advance(ClientTls.RELOAD_CHECK.plus(Duration.ofSeconds(1)));
        assertThat(decide(engine).granted()).isTrue();
        assertThat(clients).containsExactly("CN=zt-client", "CN=zt-client", "CN=zt-client-2");
    }

    @Test
    void aKeyThatIsNotTheCertificatesOrNotPkcs8FailsStartUp() throws Exception {
        Map<String, String> m = settings();
        m.put("zt.authzen.tls.key", "file:" + dir.resolve("client2.key"));
        assertThatThrownBy(() -> engine(m)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("zt.authzen.tls.certificate").hasMessageContaining("does not belong");
        openssl("ec", "-in", "client.key", "-out", "client-sec1.key");
        m.put("zt.authzen.tls.key", "file:" + dir.resolve("client-sec1.key"));
        assertThatThrownBy(() -> engine(m)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("EC PRIVATE KEY").hasMessageContaining("PKCS#8");
        m.put("zt.authzen.tls.key", "file:" + dir.resolve("client.key"));
        m.put("zt.authzen.tls.certificate", "file:" + dir.resolve("missing.pem"));
        assertThatThrownBy(() -> engine(m)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("cannot read");
    }
}
