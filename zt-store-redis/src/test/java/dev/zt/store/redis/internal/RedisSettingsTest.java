package dev.zt.store.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zt.config.ConfigurationException;
import dev.zt.config.ZtConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The zt.redis.* keys: declared to core by the module's resource, defaults, and every bad value refused by key. */
class RedisSettingsTest {

    private static Map<String, String> minimal() {
        Map<String, String> m = new HashMap<>();
        m.put("zt.issuer", "https://idp.example.test");
        m.put("zt.audience", "api");
        m.put("zt.jwks-uri", "https://idp.example.test/certs");
        return m;
    }

    private static RedisSettings settings(String key, String value) {
        Map<String, String> m = minimal();
        m.put(key, value);
        return new RedisSettings(ZtConfig.fromMap(m));
    }

    @Test
    void resourceDeclaresExactlyTheKeysTheModuleReads() throws IOException {
        try (InputStream in = RedisSettings.class.getClassLoader().getResourceAsStream(ZtConfig.MODULE_KEYS_RESOURCE)) {
            List<String> declared = Arrays.stream(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"))
                    .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).collect(Collectors.toList());
            assertThat(declared).containsExactlyElementsOf(RedisSettings.KEYS);
        }
    }

    @Test
    void defaultsWhenNothingIsSet() {
        RedisSettings s = new RedisSettings(ZtConfig.fromMap(minimal()));
        assertThat(s.uri.getHost()).isEqualTo("127.0.0.1");
        assertThat(s.uri.getPort()).isEqualTo(6379);
        assertThat(s.timeout).isEqualTo(Duration.ofMillis(500));
        assertThat(s.prefix).isEqualTo("zt:");
        assertThat(s.nearCacheMaxEntries).isEqualTo(10000);
        assertThat(s.ca).isNull();
        assertThat(s.allowVolatile).isFalse();
        assertThat(s.storeClock).isTrue();
    }

    @Test
    void eachKeyIsApplied() {
        assertThat(settings(RedisSettings.URI, "redis://10.0.0.7:6380/2").uri.getPort()).isEqualTo(6380);
        assertThat(settings(RedisSettings.TIMEOUT, "2s").timeout).isEqualTo(Duration.ofSeconds(2));
        assertThat(settings(RedisSettings.PREFIX, "orders:").prefix).isEqualTo("orders:");
        assertThat(settings(RedisSettings.NEAR_CACHE, "50").nearCacheMaxEntries).isEqualTo(50);
        assertThat(settings(RedisSettings.ALLOW_VOLATILE, "true").allowVolatile).isTrue();
        assertThat(settings(RedisSettings.CLOCK, "node").storeClock).isFalse();
    }

    @Test
    void badValueIsRefusedNamingItsKey() {
        for (String[] bad : new String[][] {{RedisSettings.URI, "http://redis"}, {RedisSettings.TIMEOUT, "soon"},
            {RedisSettings.NEAR_CACHE, "many"}, {RedisSettings.NEAR_CACHE, "0"},
            {RedisSettings.TLS_CA, "file:/nonexistent/ca.pem"}, {RedisSettings.PASSWORD, "plain-secret"},
            {RedisSettings.PASSWORD, "env:ZT_TEST_SURELY_UNSET_VARIABLE"}, {RedisSettings.ALLOW_VOLATILE, "yes"},
            {RedisSettings.CLOCK, "ntp"}}) {
            assertThatThrownBy(() -> settings(bad[0], bad[1])).as(bad[0] + "=" + bad[1])
                    .isInstanceOf(ConfigurationException.class)
                    .satisfies(e -> assertThat(((ConfigurationException) e).key()).contains(bad[0]));
        }
    }

    @Test
    void typoOfARedisKeyIsRefusedWithTheRightSpelling() {
        Map<String, String> m = minimal();
        m.put("zt.redis.urii", "redis://127.0.0.1:6379/0");
        assertThatThrownBy(() -> ZtConfig.fromMap(m)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("zt.redis.uri'");
    }
}
