package dev.zt.filter.internal.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zt.config.ConfigSource;
import dev.zt.config.ConfigurationException;
import dev.zt.config.ZtConfig;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The filter's keys for sender-constrained tokens: {@code zt.dpop.origins} and {@code zt.client-cert.header}. */
class SenderConstraintSettingsTest {

    private static FilterSettings settings(Map<String, String> extra) {
        Map<String, String> m = new LinkedHashMap<>(Map.of("zt.issuer", "https://idp.example/realms/acme",
                "zt.audience", "api://orders", "zt.jwks-uri", "https://idp.example/jwks"));
        m.putAll(extra);
        return new FilterSettings(ZtConfig.builder().moduleKeys(FilterSettings.KEYS).source(ConfigSource.of("test", m))
                .build(), SenderConstraintSettingsTest.class.getClassLoader());
    }

    @Test
    void defaultsReadTheRequestsOwnOriginAndTheClientCertHeader() {
        FilterSettings s = settings(Map.of());
        assertThat(s.dpopOrigins).isEmpty();
        assertThat(s.clientCertHeader).isEqualTo("Client-Cert");
    }

    @Test
    void originsAndTheHeaderAreApplied() {
        FilterSettings s = settings(Map.of("zt.dpop.origins", "https://api.example.com, http://[::1]:8080",
                "zt.client-cert.header", "X-SSL-Client-Cert"));
        assertThat(s.dpopOrigins).isEqualTo(List.of("https://api.example.com", "http://[::1]:8080"));
        assertThat(s.clientCertHeader).isEqualTo("X-SSL-Client-Cert");
        assertThat(settings(Map.of("zt.client-cert.header", "none")).clientCertHeader).isNull();
    }

    @Test
    void anOriginWithAPathQueryOrUserIsRefused() {
        for (String bad : List.of("https://api.example.com/app", "api.example.com", "ftp://api.example.com",
                "https://user@api.example.com", "https://api.example.com?x=1")) {
            assertThatThrownBy(() -> settings(Map.of("zt.dpop.origins", bad))).as(bad)
                    .isInstanceOf(ConfigurationException.class).hasMessageContaining("zt.dpop.origins");
        }
        assertThatThrownBy(() -> settings(Map.of("zt.client-cert.header", "Client Cert")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("zt.client-cert.header");
    }
}
