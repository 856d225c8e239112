package dev.zt.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zt.ZeroTrust;
import dev.zt.cdi.ZeroTrustAuthenticationMechanism;
import dev.zt.filter.ZeroTrustFilter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The library modules run on Java 11, the floor of Jakarta EE 10: every class they ship is Java 11 bytecode (class-file
 * major version 55). The build compiles them with {@code --release 11}, which also keeps Java 12+ API out; this test
 * catches a module (or a plugin configuration) that drops that. Their dependencies are held to the same floor by the
 * enforcer's {@code enforceBytecodeVersion} rule.
 */
class JavaFloorTest {

    private static final int JAVA_11 = 55;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"zt-core", "zt-filter", "zt-cdi", "zt-store-redis"})
    void everyClassOfTheLibraryModuleIsJava11Bytecode(String module) throws Exception {
        Map<String, Integer> versions = classVersions(anchor(module));
        assertThat(versions).as("classes of %s", module).hasSizeGreaterThan(10);
        assertThat(versions).as("class-file major versions of %s", module).allSatisfy(
                (name, version) -> assertThat(version).as(name).isEqualTo(JAVA_11));
    }

    private static Class<?> anchor(String module) throws ClassNotFoundException {
        switch (module) {
            case "zt-core":
                return ZeroTrust.class;
            case "zt-filter":
                return ZeroTrustFilter.class;
            case "zt-cdi":
                return ZeroTrustAuthenticationMechanism.class;
            default:
                return Class.forName("dev.zt.store.redis.internal.RedisStoreProvider");
        }
    }

    /** Class-file major version of every class in the jar (reactor build) or directory (module build) of {@code c}. */
    private static Map<String, Integer> classVersions(Class<?> c) throws IOException, URISyntaxException {
        Path location = Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
        Map<String, Integer> versions = new TreeMap<>();
        if (Files.isDirectory(location)) {
            try (Stream<Path> files = Files.walk(location)) {
                for (Path p : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
                    try (InputStream in = Files.newInputStream(p)) {
                        versions.put(location.relativize(p).toString(), major(in));
                    }
                }
            }
            return versions;
        }
        try (JarFile jar = new JarFile(location.toFile())) {
            for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                JarEntry entry = e.nextElement();
                if (entry.getName().endsWith(".class")) {
                    try (InputStream in = jar.getInputStream(entry)) {
                        versions.put(entry.getName(), major(in));
                    }
                }
            }
        }
        return versions;
    }

    private static int major(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        assertThat(data.readInt()).as("class-file magic").isEqualTo(0xCAFEBABE);
        data.readUnsignedShort();
        return data.readUnsignedShort();
    }
}
