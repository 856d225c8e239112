package dev.zt.cdi.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zt.config.ConfigurationException;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code zt.container-identity}: {@code auto} picks Elytron exactly where WildFly's Elytron API is visible to the
 * application, explicit values win, {@code elytron} without Elytron and unknown values fail the deployment.
 */
class ContainerIdentityTest {

    @TempDir
    Path dir;

    /** An application class loader over {@code dir}: optionally a zt.properties, optionally Elytron's SecurityDomain. */
    private ClassLoader application(String properties, boolean elytron) throws IOException {
        if (properties != null) {
            Files.writeString(dir.resolve("zt.properties"), properties);
        }
        if (elytron) {
            Path src = dir.resolve("src/org/wildfly/security/auth/server/SecurityDomain.java");
            Files.createDirectories(src.getParent());
            Files.writeString(src, "package org.wildfly.security.auth.server; public final class SecurityDomain {}");
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            assertThat(javac.run(null, null, null, "-d", dir.toString(), src.toString())).isZero();
        }
        return new URLClassLoader(new URL[] {dir.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
    }

    @Test
    void autoIsJakartaSecurityWhereElytronIsNotVisibleAndElytronWhereItIs() throws IOException {
        assertThat(ContainerIdentity.resolve(application(null, false))).isEqualTo(ContainerIdentity.JAKARTA_SECURITY);
        assertThat(ContainerIdentity.resolve(application("zt.container-identity=auto\n", true)))
                .isEqualTo(ContainerIdentity.ELYTRON);
    }

    @Test
    void anExplicitModeWinsOverDetection() throws IOException {
        ClassLoader wildfly = application("zt.container-identity= Jakarta-Security \n", true);
        assertThat(ContainerIdentity.resolve(wildfly)).isEqualTo(ContainerIdentity.JAKARTA_SECURITY);
        for (String mode : List.of("none", "NONE")) {
            Files.writeString(dir.resolve("zt.properties"), "zt.container-identity=" + mode + "\n");
            assertThat(ContainerIdentity.resolve(wildfly)).isEqualTo(ContainerIdentity.NONE);
        }
        Files.writeString(dir.resolve("zt.properties"), "zt.container-identity=elytron\n");
        assertThat(ContainerIdentity.resolve(wildfly)).isEqualTo(ContainerIdentity.ELYTRON);
    }

    @Test
    void elytronWhereElytronIsNotVisibleFailsTheDeployment() throws IOException {
        assertThatThrownBy(() -> ContainerIdentity.resolve(application("zt.container-identity=elytron\n", false)))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("zt.container-identity=elytron")
                .hasMessageContaining("cannot see");
    }

    @Test
    void anUnknownModeFailsTheDeploymentNamingTheKey() throws IOException {
        for (String bad : List.of("jaspi", "", "elytron,none")) {
            Files.writeString(dir.resolve("zt.properties"), "zt.container-identity=" + bad + "\n");
            assertThatThrownBy(() -> ContainerIdentity.resolve(application(null, true)))
                    .isInstanceOf(ConfigurationException.class).hasMessageContaining("zt.container-identity must be");
        }
    }
}
