package dev.zt.filter.internal;

import static org.assertj.core.api.Assertions.assertThat;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zt.config.ConfigurationException;
import jakarta.servlet.ServletContext;

import java.lang.reflect.Proxy;
import java.util.Map;

/**
 * The application name that tags an engine's meters and JMX view (two WARs on one server stay apart); settings the
 * filter must refuse before it builds anything.
 */
class BootstrapTest {

    private static ServletContext context(String displayName, String contextPath) {
        return (ServletContext) Proxy.newProxyInstance(ServletContext.class.getClassLoader(),
                new Class<?>[] {ServletContext.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "getServletContextName":
                            return displayName;
                        case "getContextPath":
                            return contextPath;
                        default:
                            throw new UnsupportedOperationException(method.getName());
                    }
                });
    }

    @org.junit.jupiter.api.Test
    void theApplicationIsNamedByItsDisplayNameElseItsContextPath() {
        assertThat(Bootstrap.applicationName(context(" Orders ", "/orders"))).isEqualTo("Orders");
        assertThat(Bootstrap.applicationName(context(null, "/orders"))).isEqualTo("orders");
        assertThat(Bootstrap.applicationName(context("  ", "/shop/admin"))).isEqualTo("shop/admin");
        assertThat(Bootstrap.applicationName(context(null, ""))).isEqualTo("ROOT");
    }

    @org.junit.jupiter.api.Test
    void containerIdentityAsAnInitParamIsRefusedSinceZtCdiHasDecidedBeforeAnyFilterStarts() {
        for (String value : new String[] {"elytron", "none", "auto"}) {
            assertThatThrownBy(() -> Bootstrap.build(Map.of("zt.container-identity", value), context("app", "/app")))
                    .isInstanceOf(ConfigurationException.class).hasMessageContaining("zt.container-identity")
                    .hasMessageContaining("ZT_CONTAINER_IDENTITY");
        }
    }
}
