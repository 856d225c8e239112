package dev.zt.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** {@code zt.authzen.*}: defaults, every key applied, and the refused values. */
class AuthzenSettingsTest {

    private static Map<String, String> minimal() {
        return new HashMap<>(Map.of("zt.issuer", "https://idp.example.test", "zt.audience", "api",
                "zt.jwks-uri", "https://idp.example.test/certs"));
    }

    @Test
    void withoutAPdpNothingIsAsked() {
        AuthzenSettings a = ZtConfig.fromMap(minimal()).authzen();
        assertThat(a.pdp()).isEmpty();
        assertThat(a.timeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(a.shadow()).isFalse();
        assertThat(a.cacheTtl()).isEqualTo(Duration.ofSeconds(5));
        assertThat(a.maxConcurrent()).isEqualTo(64);
    }

    @Test
    void everyKeyIsApplied() {
        Map<String, String> m = minimal();
        m.put("zt.authzen.pdp", "https://pdp.example.test/");
        m.put("zt.authzen.timeout", "2s");
        m.put("zt.authzen.mode", "SHADOW");
        m.put("zt.authzen.cache.ttl", "0s");
        m.put("zt.authzen.cache.max-entries", "5");
        m.put("zt.authzen.max-concurrent", "8");
        m.put("zt.authzen.secret", "env:PDP");
        m.put("zt.authzen.token-endpoint", "https://idp.example.test/token");
        m.put("zt.authzen.client-id", "zt");
        m.put("zt.authzen.tls.certificate", "file:/etc/zt/pdp-client.pem");
        m.put("zt.authzen.tls.key", "file:/etc/zt/pdp-client.key");
        m.put("zt.authzen.tls.ca-file", "file:/etc/zt/pdp-ca.pem");
        AuthzenSettings a = ZtConfig.fromMap(m).authzen();
        assertThat(a.pdp()).contains(URI.create("https://pdp.example.test"));
        assertThat(a.timeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(a.shadow()).isTrue();
        assertThat(a.cacheTtl()).isZero();
        assertThat(a.cacheMaxEntries()).isEqualTo(5);
        assertThat(a.maxConcurrent()).isEqualTo(8);
        assertThat(a.secretReference()).contains("env:PDP");
        assertThat(a.tokenEndpoint()).contains(URI.create("https://idp.example.test/token"));
        assertThat(a.clientId()).contains("zt");
        assertThat(a.tlsCertificate()).contains("file:/etc/zt/pdp-client.pem");
        assertThat(a.tlsKeyReference()).contains("file:/etc/zt/pdp-client.key");
        assertThat(a.tlsCaFile()).contains("file:/etc/zt/pdp-ca.pem");
        m.remove("zt.authzen.secret"); // RFC 8705 tls_client_auth: the certificate authenticates the grant
        assertThat(ZtConfig.fromMap(m).authzen().secretReference()).isEmpty();
        m.put("zt.authzen.pdp", "http://127.0.0.1:3592");
        assertThat(ZtConfig.fromMap(m).authzen().pdp()).contains(URI.create("http://127.0.0.1:3592"));
    }

    @Test
    void unsafeOrIncompleteValuesFailStartUpNamingTheKey() {
        Map<String, Map<String, String>> bad = new java.util.LinkedHashMap<>();
        bad.put("zt.authzen.pdp", Map.of("zt.authzen.pdp", "http://pdp.example.test"));
        bad.put("zt.authzen.pdp ", Map.of("zt.authzen.pdp", "https://user@pdp.example.test"));
        bad.put("zt.authzen.timeout", Map.of("zt.authzen.pdp", "https://p.test", "zt.authzen.timeout", "31s"));
        bad.put("zt.authzen.mode", Map.of("zt.authzen.mode", "audit"));
        bad.put("zt.authzen.cache.ttl", Map.of("zt.authzen.cache.ttl", "6m"));
        bad.put("zt.authzen.secret", Map.of("zt.authzen.secret", "plain-text-secret"));
        bad.put("zt.authzen.secret ", Map.of("zt.authzen.secret", "env:PDP"));
        bad.put("zt.authzen.token-endpoint", Map.of("zt.authzen.pdp", "https://p.test", "zt.authzen.secret", "env:X",
                "zt.authzen.token-endpoint", "https://idp.example.test/token"));
        bad.put("zt.authzen.tls.key", Map.of("zt.authzen.pdp", "https://p.test", "zt.authzen.tls.certificate",
                "file:/c.pem", "zt.authzen.tls.key", "-----BEGIN PRIVATE KEY-----"));
        bad.put("zt.authzen.tls.certificate", Map.of("zt.authzen.pdp", "https://p.test", "zt.authzen.tls.certificate",
                "file:/c.pem"));
        bad.put("zt.authzen.tls.certificate ", Map.of("zt.authzen.pdp", "https://p.test",
                "zt.authzen.tls.certificate", "/c.pem", "zt.authzen.tls.key", "env:KEY"));
        bad.put("zt.authzen.tls.ca-file", Map.of("zt.authzen.tls.ca-file", "file:/ca.pem"));
        bad.forEach((key, values) -> {
            Map<String, String> m = minimal();
            m.putAll(values);
            assertThatThrownBy(() -> ZtConfig.fromMap(m)).as(values.toString())
                    .isInstanceOf(ConfigurationException.class).hasMessageContaining(key.trim());
        });
    }
}
