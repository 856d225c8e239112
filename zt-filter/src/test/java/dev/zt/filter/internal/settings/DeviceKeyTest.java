package dev.zt.filter.internal.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zt.config.ConfigSource;
import dev.zt.config.ConfigurationException;
import dev.zt.config.ZtConfig;
import dev.zt.testing.TestKeys;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which key signs the {@code __Host-zt-device} cookie: {@code zt.device.key} when set; else a key derived from
 * {@code zt.session.signing-key}, so that the nodes of a cluster (which share that key) accept each other's device
 * cookies and a browser session keeps its device on any node; else a key of this node alone.
 */
class DeviceKeyTest {

    @TempDir
    Path dir;

    private Path file(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    private Path sessionKey(String name, java.security.PrivateKey key, String lineEnd) throws Exception {
        return file(name, "-----BEGIN PRIVATE KEY-----" + lineEnd + Base64.getMimeEncoder(64, lineEnd.getBytes())
                .encodeToString(key.getEncoded()) + lineEnd + "-----END PRIVATE KEY-----" + lineEnd);
    }

    private static FilterSettings node(Map<String, String> extra) {
        Map<String, String> m = new LinkedHashMap<>(Map.of("zt.issuer", "https://idp.example/realms/acme",
                "zt.audience", "api://orders", "zt.jwks-uri", "https://idp.example/jwks"));
        m.putAll(extra);
        ZtConfig config = ZtConfig.builder().moduleKeys(FilterSettings.KEYS).source(ConfigSource.of("test", m))
                .build();
        return new FilterSettings(config, DeviceKeyTest.class.getClassLoader());
    }

    private static boolean accepts(FilterSettings verifier, FilterSettings minter) {
        String cookie = minter.devices.mint();
        return verifier.devices.verify(cookie).isPresent();
    }

    @Test
    void nodesWithTheSameSessionSigningKeyAcceptEachOthersDeviceCookies() throws Exception {
        Path key = sessionKey("session.pem", TestKeys.EC.getPrivate(), "\n");
        Path sameKeyOtherLineEnds = sessionKey("session-crlf.pem", TestKeys.EC.getPrivate(), "\r\n");
        FilterSettings a = node(Map.of("zt.session.signing-key", "file:" + key));
        FilterSettings b = node(Map.of("zt.session.signing-key", "file:" + sameKeyOtherLineEnds));
        assertThat(accepts(b, a)).isTrue();
        assertThat(accepts(a, b)).isTrue();

        FilterSettings otherCluster = node(Map.of("zt.session.signing-key", "file:" + sessionKey("other.pem",
                TestKeys.ec("secp256r1").getPrivate(), "\n")));
        assertThat(accepts(otherCluster, a)).isFalse();
        assertThat(accepts(a, otherCluster)).isFalse();
    }

    @Test
    void withoutASessionSigningKeyEachNodeSignsWithAKeyOfItsOwn() {
        FilterSettings a = node(Map.of());
        FilterSettings b = node(Map.of());
        assertThat(accepts(a, a)).isTrue();
        assertThat(accepts(b, a)).isFalse();
    }

    @Test
    void deviceKeyWinsOverTheSessionSigningKey() throws Exception {
        Path session = sessionKey("session.pem", TestKeys.EC.getPrivate(), "\n");
        Path device = file("device.key", Base64.getEncoder().encodeToString(new byte[32]));
        FilterSettings withDeviceKey = node(Map.of("zt.session.signing-key", "file:" + session,
                "zt.device.key", "file:" + device));
        FilterSettings onlyDeviceKey = node(Map.of("zt.device.key", "file:" + device));
        FilterSettings onlySessionKey = node(Map.of("zt.session.signing-key", "file:" + session));
        assertThat(accepts(onlyDeviceKey, withDeviceKey)).isTrue();
        assertThat(accepts(onlySessionKey, withDeviceKey)).as("the device key, not one derived from the session key")
                .isFalse();
    }

    @Test
    void anUnreadableSessionSigningKeyIsRefusedNamingTheKey() {
        assertThatThrownBy(() -> node(Map.of("zt.session.signing-key", "file:" + dir.resolve("missing.pem"))))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("zt.session.signing-key");
    }
}
