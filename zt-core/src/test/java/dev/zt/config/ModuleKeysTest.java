package dev.zt.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Modules declare the keys they read in META-INF/zt/configuration-keys; core knows none of them by name. */
class ModuleKeysTest {

    @TempDir
    Path dir;

    private ClassLoader module(String lines) throws IOException {
        Path resource = dir.resolve(ZtConfig.MODULE_KEYS_RESOURCE);
        Files.createDirectories(resource.getParent());
        Files.writeString(resource, lines, StandardCharsets.UTF_8);
        return new URLClassLoader(new URL[] {dir.toUri().toURL()}, null);
    }

    private static ZtConfig.Builder config(String key, String value) {
        return ZtConfig.builder().source(ConfigSource.of("map", Map.of("zt.issuer", "https://idp.example.test",
                "zt.audience", "api", "zt.jwks-uri", "https://idp.example.test/certs", key, value)));
    }

    @Test
    void keyDeclaredByAModuleOnTheClassPathIsAcceptedAndReadable() throws IOException {
        ClassLoader loader = module("# the queue module\nzt.queue.url\n\n  zt.queue.timeout  \n");
        ZtConfig c = config("zt.queue.timeout", "2s").classLoader(loader).build();
        assertThat(c.setting("zt.queue.timeout")).contains("2s");
    }

    @Test
    void keyOfAModuleThatIsNotOnTheClassPathIsUnknownWithASuggestion() throws IOException {
        ClassLoader loader = module("zt.queue.url\n");
        assertThatThrownBy(() -> config("zt.queue.timeout", "2s").classLoader(loader).build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("zt.queue.timeout")
                .hasMessageContaining("did you mean");
        assertThatThrownBy(() -> config("zt.queue.url", "x").classLoader(getClass().getClassLoader()).build())
                .as("core alone knows no module's keys").isInstanceOf(ConfigurationException.class);
    }

    @Test
    void moduleDeclaringSomethingThatIsNotAZtKeyIsRefused() throws IOException {
        ClassLoader loader = module("redis.uri\n");
        assertThatThrownBy(() -> config("zt.mode", "enforce").classLoader(loader).build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("redis.uri")
                .hasMessageContaining("not a zt.* key");
    }
}
