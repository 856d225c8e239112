package dev.zt.cdi.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zt.cdi.ZeroTrustAuthenticationMechanism;
import org.junit.jupiter.api.Test;

/**
 * The initializer names zt's mechanism only by a string (loading the class would need Jakarta Security, which Tomcat
 * and Jetty lack; zt-containers' TomcatWebappTest deploys it there): the string must stay the mechanism's.
 */
class ContainerIdentityInitializerTest {

    @Test
    void theSwitchOffAttributeIsTheOneTheMechanismReads() {
        assertThat(ContainerIdentityInitializer.MECHANISM_OFF)
                .isEqualTo(ZeroTrustAuthenticationMechanism.class.getName() + ".off");
    }
}
