package dev.zt.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ZtConfigTest {

    private static Map<String, String> minimal() {
        Map<String, String> m = new HashMap<>();
        m.put("zt.issuer", "https://idp.example.test");
        m.put("zt.audience", "api");
        m.put("zt.jwks-uri", "https://idp.example.test/certs");
        return m;
    }

    private static ZtConfig config(Map<String, String> m) {
        return ZtConfig.fromMap(m);
    }

    @Test
    void loadWhenOnlyShortcutKeysThenDefaultIssuerWithDefaults() {
        ZtConfig c = config(minimal());
        IssuerConfig i = c.issuers().get("default");
        assertThat(i.issuer()).isEqualTo("https://idp.example.test");
        assertThat(i.audiences()).containsExactly("api");
        assertThat(i.algorithms()).isEqualTo(ZtConfig.DEFAULT_ASYMMETRIC_ALGORITHMS);
        assertThat(i.clockSkew()).isEqualTo(Duration.ofSeconds(30));
        assertThat(i.rolesClaim()).isEqualTo("roles");
        assertThat(i.scopeClaims()).containsExactly("scope", "scp");
        assertThat(i.typ()).isEmpty();
        assertThat(i.keySourceKind()).isEqualTo(IssuerConfig.KeySourceKind.JWKS);
        assertThat(c.maxTokenLength()).isEqualTo(8192);
        assertThat(c.maxTokenAge()).isEmpty();
        assertThat(c.cacheMaxEntries()).isEqualTo(10000);
        assertThat(c.jwks().minRefreshInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.jwks().maxStale()).isEqualTo(Duration.ofHours(24));
        assertThat(c.jwks().defaultTtl()).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.jwks().minTtl()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.jwks().maxTtl()).isEqualTo(Duration.ofHours(24));
        assertThat(c.jwks().connectTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.jwks().readTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.jwks().maxBytes()).isEqualTo(524288);
        assertThat(c.jwks().allowHttp()).isFalse();
        assertThat(c.revocationMaxEntries()).isEqualTo(100000);
        assertThat(c.subjectRevocationRetention()).isEqualTo(Duration.ofHours(24));
    }

    @Test
    void loadWhenEveryGlobalKeySetThenEachIsApplied() {
        Map<String, String> m = minimal();
        m.put("zt.token.max-length", "4096");
        m.put("zt.max-token-age", "PT1H");
        m.put("zt.cache.max-entries", "5");
        m.put("zt.jwks.min-refresh-interval", "10s");
        m.put("zt.jwks.max-stale", "2h");
        m.put("zt.jwks.default-ttl", "10m");
        m.put("zt.jwks.min-ttl", "1m");
        m.put("zt.jwks.max-ttl", "1h");
        m.put("zt.jwks.connect-timeout", "500ms");
        m.put("zt.jwks.read-timeout", "3s");
        m.put("zt.jwks.max-bytes", "2048");
        m.put("zt.jwks.allow-http", "true");
        m.put("zt.revocation.max-entries", "7");
        m.put("zt.revocation.subject-retention", "1d");
        ZtConfig c = config(m);
        assertThat(c.maxTokenLength()).isEqualTo(4096);
        assertThat(c.maxTokenAge()).contains(Duration.ofHours(1));
        assertThat(c.cacheMaxEntries()).isEqualTo(5);
        assertThat(c.jwks().minRefreshInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.jwks().maxStale()).isEqualTo(Duration.ofHours(2));
        assertThat(c.jwks().defaultTtl()).isEqualTo(Duration.ofMinutes(10));
        assertThat(c.jwks().minTtl()).isEqualTo(Duration.ofMinutes(1));
        assertThat(c.jwks().maxTtl()).isEqualTo(Duration.ofHours(1));
        assertThat(c.jwks().connectTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(c.jwks().readTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(c.jwks().maxBytes()).isEqualTo(2048);
        assertThat(c.jwks().allowHttp()).isTrue();
        assertThat(c.revocationMaxEntries()).isEqualTo(7);
        assertThat(c.subjectRevocationRetention()).isEqualTo(Duration.ofDays(1));
    }

    @Test
    void loadWhenEveryIssuerKeySetThenEachIsApplied() {
        Map<String, String> m = new HashMap<>();
        m.put("zt.issuers.kc.issuer", "https://kc.example.test/realms/a");
        m.put("zt.issuers.kc.jwks-uri", "classpath:jwks.json");
        m.put("zt.issuers.kc.audience", "a, b");
        m.put("zt.issuers.kc.algorithms", "RS256 HS256");
        m.put("zt.issuers.kc.roles-claim", "realm_access.roles");
        m.put("zt.issuers.kc.scope-claim", "scp");
        m.put("zt.issuers.kc.clock-skew", "5s");
        m.put("zt.issuers.kc.typ", "at+jwt");
        m.put("zt.issuers.pem.issuer", "https://pem.example.test");
        m.put("zt.issuers.pem.public-key", "file:/etc/zt/key.pem");
        m.put("zt.issuers.pem.audience", "a");
        m.put("zt.issuers.sec.issuer", "https://sec.example.test");
        m.put("zt.issuers.sec.secret", "env:ZT_TEST_SECRET");
        m.put("zt.issuers.sec.audience", "a");
        ZtConfig c = config(m);
        IssuerConfig kc = c.issuers().get("kc");
        assertThat(kc.audiences()).containsExactlyInAnyOrder("a", "b");
        assertThat(kc.algorithms()).containsExactlyInAnyOrder("RS256", "HS256");
        assertThat(kc.rolesClaim()).isEqualTo("realm_access.roles");
        assertThat(kc.scopeClaims()).containsExactly("scp");
        assertThat(kc.clockSkew()).isEqualTo(Duration.ofSeconds(5));
        assertThat(kc.typ()).contains("at+jwt");
        assertThat(c.issuers().get("pem").keySourceKind()).isEqualTo(IssuerConfig.KeySourceKind.PUBLIC_KEY);
        assertThat(c.issuers().get("pem").publicKey()).contains("file:/etc/zt/key.pem");
        assertThat(c.issuers().get("sec").keySourceKind()).isEqualTo(IssuerConfig.KeySourceKind.SECRET);
        assertThat(c.issuers().get("sec").algorithms()).containsExactly("HS256");
    }

    @Test
    void loadWhenUnknownKeyThenFailsNamingKeyValueSourceAndClosestKey() {
        Map<String, String> m = minimal();
        m.put("zt.jwks.max-stal", "2h");
        assertThatThrownBy(() -> config(m)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("'zt.jwks.max-stal'").hasMessageContaining("'2h'")
                .hasMessageContaining("from map").hasMessageContaining("did you mean 'zt.jwks.max-stale'");
        Map<String, String> n = minimal();
        n.put("zt.issuers.kc.jwks-url", "https://x");
        assertThatThrownBy(() -> config(n)).hasMessageContaining("did you mean 'zt.issuers.kc.jwks-uri'");
        Map<String, String> o = minimal();
        o.put("zt.audiance", "x");
        assertThatThrownBy(() -> config(o)).hasMessageContaining("did you mean 'zt.audience'");
    }

    @Test
    void loadWhenBadValueThenFailsNamingKeyAndValue() {
        Map<String, String> m = minimal();
        m.put("zt.clock-skew", "soon");
        assertThatThrownBy(() -> config(m)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("'zt.clock-skew' = 'soon'").hasMessageContaining("not a duration");
        Map<String, String> n = minimal();
        n.put("zt.token.max-length", "lots");
        assertThatThrownBy(() -> config(n)).hasMessageContaining("'zt.token.max-length' = 'lots'");
        Map<String, String> o = minimal();
        o.put("zt.jwks.allow-http", "yes");
        assertThatThrownBy(() -> config(o)).hasMessageContaining("must be true or false");
        Map<String, String> p = minimal();
        p.put("zt.cache.max-entries", "-1");
        assertThatThrownBy(() -> config(p)).hasMessageContaining("between");
    }

    @Test
    void durationsAcceptIsoAndShortForms() {
        for (Map.Entry<String, Duration> e : Map.of("PT30S", Duration.ofSeconds(30), "30s", Duration.ofSeconds(30),
                "15m", Duration.ofMinutes(15), "8h", Duration.ofHours(8), "1d", Duration.ofDays(1), "250ms",
                Duration.ofMillis(250), "P1D", Duration.ofDays(1)).entrySet()) {
            Map<String, String> m = minimal();
            m.put("zt.jwks.max-stale", e.getKey());
            assertThat(config(m).jwks().maxStale()).as(e.getKey()).isEqualTo(e.getValue());
        }
    }

    @Test
    void loadWhenAlgorithmNoneOrUnknownThenFails() {
        Map<String, String> m = minimal();
        m.put("zt.algorithms", "RS256,none");
        assertThatThrownBy(() -> config(m)).hasMessageContaining("'none'");
        Map<String, String> n = minimal();
        n.put("zt.algorithms", "RS257");
        assertThatThrownBy(() -> config(n)).hasMessageContaining("unknown algorithm 'RS257'");
    }

    @Test
    void loadWhenHmacWithRemoteOrPublicKeysThenFails() {
        Map<String, String> m = minimal();
        m.put("zt.algorithms", "HS256");
        assertThatThrownBy(() -> config(m)).hasMessageContaining("needs a symmetric key");
        Map<String, String> n = minimal();
        n.remove("zt.jwks-uri");
        n.put("zt.secret", "env:X");
        n.put("zt.algorithms", "RS256");
        assertThatThrownBy(() -> config(n)).hasMessageContaining("needs a public key");
    }

    @Test
    void loadWhenSecretWrittenInlineThenFailsWithoutEchoingIt() {
        Map<String, String> m = minimal();
        m.remove("zt.jwks-uri");
        m.put("zt.secret", "hunter2hunter2hunter2hunter2hunter2");
        assertThatThrownBy(() -> config(m)).hasMessageContaining("env:VARIABLE").hasMessageNotContaining("hunter2");
    }

    @Test
    void loadWhenJwksUriIsPlainHttpToRemoteHostThenFailsUnlessAllowed() {
        Map<String, String> m = minimal();
        m.put("zt.jwks-uri", "http://idp.example.test/certs");
        assertThatThrownBy(() -> config(m)).hasMessageContaining("loopback");
        m.put("zt.jwks.allow-http", "true");
        assertThat(config(m).issuers()).containsKey("default");
        Map<String, String> n = minimal();
        n.put("zt.jwks-uri", "http://127.0.0.1:8080/certs");
        assertThat(config(n).issuers()).containsKey("default");
        n.put("zt.jwks-uri", "ftp://idp/certs");
        assertThatThrownBy(() -> config(n)).hasMessageContaining("https:");
    }

    @Test
    void loadWhenIssuerIncompleteOrAmbiguousThenFails() {
        Map<String, String> m = minimal();
        m.remove("zt.audience");
        assertThatThrownBy(() -> config(m)).hasMessageContaining("zt.audience");
        Map<String, String> n = minimal();
        n.put("zt.public-key", "file:/k.pem");
        assertThatThrownBy(() -> config(n)).hasMessageContaining("choose one key source");
        Map<String, String> o = minimal();
        o.put("zt.issuers.default.issuer", "https://other");
        assertThatThrownBy(() -> config(o)).hasMessageContaining("use one spelling");
        Map<String, String> p = minimal();
        p.put("zt.issuers.two.issuer", "https://idp.example.test");
        p.put("zt.issuers.two.audience", "api");
        assertThatThrownBy(() -> config(p)).hasMessageContaining("configured once");
        Map<String, String> q = minimal();
        q.put("zt.issuers.Bad_Name.issuer", "https://x");
        assertThatThrownBy(() -> config(q)).hasMessageContaining("issuer name");
        Map<String, String> r = minimal();
        r.put("zt.clock-skew", "1h");
        assertThatThrownBy(() -> config(r)).hasMessageContaining("must not exceed");
    }

    @Test
    void sourcesWhenSameKeyInSeveralThenHighestPrecedenceWins() {
        Map<String, String> init = minimal();
        init.put("zt.clock-skew", "10s");
        init.put("zt.cache.max-entries", "11");
        init.put("zt.token.max-length", "1000");
        ZtConfig c = ZtConfig.builder()
                .source(ConfigSource.of("system properties", Map.of("zt.clock-skew", "20s")))
                .source(ConfigSource.environment(Map.of("ZT_CACHE_MAX_ENTRIES", "22", "PATH", "/bin")))
                .source(ConfigSource.of("init-params", init))
                .source(ConfigSource.of("zt.properties", Map.of("zt.token.max-length", "3000",
                        "zt.jwks.max-stale", "3h")))
                .build();
        assertThat(c.issuers().get("default").clockSkew()).isEqualTo(Duration.ofSeconds(20));
        assertThat(c.cacheMaxEntries()).isEqualTo(22);
        assertThat(c.maxTokenLength()).isEqualTo(1000);
        assertThat(c.jwks().maxStale()).isEqualTo(Duration.ofHours(3));
    }

    @Test
    void environmentWhenNamedIssuerVariablesThenMappedToKeys() {
        ZtConfig c = ZtConfig.builder().source(ConfigSource.environment(Map.of(
                "ZT_ISSUERS_MY_IDP_ISSUER", "https://idp",
                "ZT_ISSUERS_MY_IDP_JWKS_URI", "https://idp/certs",
                "ZT_ISSUERS_MY_IDP_AUDIENCE", "api",
                "ZT_ISSUERS_MY_IDP_CLOCK_SKEW", "5s",
                "ZT_JWKS_MAX_STALE", "1h"))).build();
        assertThat(c.issuers().get("my-idp").clockSkew()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.jwks().maxStale()).isEqualTo(Duration.ofHours(1));
        assertThatThrownBy(() -> ZtConfig.builder().source(ConfigSource.environment(Map.of("ZT_JWKS_MAX_STAL",
                "1h"))).build()).hasMessageContaining("did you mean 'ZT_JWKS_MAX_STALE'");
    }

    @Test
    void builderWhenSameKeySetTwiceThenRefused() {
        ZtConfig.Builder b = ZtConfig.builder().set("zt.issuer", "a");
        assertThatThrownBy(() -> b.set("zt.issuer", "b")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already set");
    }

    @Test
    void moduleKeysWhenDeclaredThenAcceptedAndReadable() {
        Map<String, String> m = minimal();
        m.put("zt.realm", "acme");
        assertThatThrownBy(() -> config(m)).isInstanceOf(ConfigurationException.class);
        ZtConfig c = ZtConfig.builder().moduleKeys(List.of("zt.realm")).source(ConfigSource.of("m", m)).build();
        assertThat(c.setting("zt.realm")).contains("acme");
    }

    @Test
    void classpathPropertiesWhenPresentThenRead() {
        ConfigSource s = ConfigSource.classpathProperties(getClass().getClassLoader());
        assertThat(s.entries()).containsEntry("zt.jwks.max-stale", "12h");
    }
}
