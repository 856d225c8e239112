package dev.zt.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** {@code zt.dpop.*} and {@code zt.issuers.<name>.dpop}: defaults, every key applied, and the refused values. */
class DpopSettingsTest {

    private static Map<String, String> minimal() {
        return new HashMap<>(Map.of("zt.issuer", "https://idp.example.test", "zt.audience", "api",
                "zt.jwks-uri", "https://idp.example.test/certs"));
    }

    private static ZtConfig config(Map<String, String> m) {
        return ZtConfig.fromMap(m);
    }

    @Test
    void defaultsAllowDpopWithSixtySecondProofsAndNoNonce() {
        ZtConfig c = config(minimal());
        assertThat(c.dpop().maxAge()).isEqualTo(Duration.ofSeconds(60));
        assertThat(c.dpop().nonceRequired()).isFalse();
        assertThat(c.dpop().nonceLifetime()).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.dpop().algorithms()).contains("ES256", "RS256", "PS256").doesNotContain("HS256");
        assertThat(c.issuers().get("default").dpop()).isEqualTo(IssuerConfig.DpopPolicy.ALLOWED);
    }

    @Test
    void everyKeyIsApplied() {
        Map<String, String> m = minimal();
        m.put("zt.dpop.max-age", "30s");
        m.put("zt.dpop.algorithms", "ES256 EdDSA");
        m.put("zt.dpop.nonce", "REQUIRED");
        m.put("zt.dpop.nonce-lifetime", "2m");
        m.put("zt.dpop", "required");
        m.put("zt.issuers.b.issuer", "https://b.example.test");
        m.put("zt.issuers.b.audience", "api");
        m.put("zt.issuers.b.jwks-uri", "https://b.example.test/certs");
        m.put("zt.issuers.b.dpop", "off");
        ZtConfig c = config(m);
        assertThat(c.dpop().maxAge()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.dpop().algorithms()).isEqualTo(Set.of("ES256", "EdDSA"));
        assertThat(c.dpop().nonceRequired()).isTrue();
        assertThat(c.dpop().nonceLifetime()).isEqualTo(Duration.ofMinutes(2));
        assertThat(c.issuers().get("default").dpop()).isEqualTo(IssuerConfig.DpopPolicy.REQUIRED);
        assertThat(c.issuers().get("b").dpop()).isEqualTo(IssuerConfig.DpopPolicy.OFF);
    }

    @Test
    void unsafeOrMeaninglessValuesFailStartUpNamingTheKey() {
        Map<String, String[]> bad = Map.of(
                "zt.dpop.max-age", new String[] {"11m", "0s", "soon"},
                "zt.dpop.algorithms", new String[] {"HS256", "none", "ES256 RS1", ""},
                "zt.dpop.nonce", new String[] {"sometimes"},
                "zt.dpop.nonce-lifetime", new String[] {"5s", "2h"},
                "zt.dpop", new String[] {"maybe"});
        bad.forEach((key, values) -> {
            for (String v : values) {
                Map<String, String> m = minimal();
                m.put(key, v);
                assertThatThrownBy(() -> config(m)).as(key + "=" + v).isInstanceOf(ConfigurationException.class)
                        .hasMessageContaining(key);
            }
        });
    }
}
