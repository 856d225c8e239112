package dev.zt.internal.jdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * zt on a JVM without EdDSA (Java 11 to 14), simulated on this one: a class loader that defines zt's classes itself
 * and refuses the JDK's EdDSA types ({@code java.security.interfaces.EdEC*}, which zt only ever reaches by name through
 * its own loader). There the default algorithm lists leave EdDSA out and every way of asking for it is refused with a
 * message saying why; in the JVM's own loader the same probe sees EdDSA (so the test can tell the two apart).
 */
class EdDsaAbsentTest {

    /** Defines {@code dev.zt.*} itself (child first) and has no EdDSA types; everything else from the parent. */
    static final class WithoutEdDsa extends ClassLoader {
        WithoutEdDsa(ClassLoader parent) {
            super(parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (name.startsWith("java.security.interfaces.EdEC") || name.startsWith("java.security.spec.EdEC")) {
                throw new ClassNotFoundException(name + " (hidden: as before Java 15)");
            }
            if (!name.startsWith("dev.zt.")) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
                        if (in == null) {
                            throw new ClassNotFoundException(name);
                        }
                        byte[] b = in.readAllBytes();
                        c = defineClass(name, b, 0, b.length);
                    } catch (IOException e) {
                        throw new ClassNotFoundException(name, e);
                    }
                }
                return c;
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> probe(ClassLoader loader) throws Exception {
        Class<?> type = Class.forName(EdDsaProbe.class.getName(), true, loader);
        return ((Supplier<Map<String, String>>) type.getDeclaredConstructor().newInstance()).get();
    }

    @Test
    void onThisJvmEdDsaIsThereByDefault() throws Exception {
        Map<String, String> here = probe(getClass().getClassLoader());
        assertThat(here).containsEntry("available", "true").doesNotContainKey("probe-failed");
        assertThat(here.get("default")).contains("EdDSA", "ES256", "RS256");
        assertThat(here.get("explicit")).startsWith("ok");
        assertThat(here.get("provider-default")).contains("EdDSA");
        assertThat(here.get("session-key")).isEqualTo("ok EdDSA");
        assertThat(here.get("verification-key")).isEqualTo("ok Optional[k]");
    }

    @Test
    void withoutEdDsaTheDefaultsLeaveItOutAndAskingForItIsRefusedWithTheReason() throws Exception {
        Map<String, String> java11 = probe(new WithoutEdDsa(getClass().getClassLoader()));
        assertThat(java11).containsEntry("available", "false").doesNotContainKey("probe-failed");
        assertThat(java11.get("default")).contains("ES256", "PS256", "RS256").doesNotContain("EdDSA");
        assertThat(java11.get("explicit")).startsWith("ConfigurationException").contains("zt.algorithms",
                "EdDSA needs Java 15 or later");
        assertThat(java11.get("provider-default")).isEqualTo("[ES256, ES384, ES512]");
        assertThat(java11.get("provider-explicit")).startsWith("ConfigurationException").contains(
                "zt.crypto.provider-algorithms", "EdDSA needs Java 15 or later");
        assertThat(java11.get("session-key")).contains("IllegalArgumentException", "needs Java 15 or later");
        assertThat(java11.get("verification-key")).contains("IllegalArgumentException", "unsupported key type");
    }
}
