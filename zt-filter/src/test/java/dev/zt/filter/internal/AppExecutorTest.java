package dev.zt.filter.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zt.config.ConfigurationException;
import dev.zt.config.ZtConfig;
import dev.zt.filter.internal.settings.FilterSettings;
import dev.zt.testing.TestTokens;

import java.lang.reflect.Proxy;
import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.naming.Context;
import javax.naming.NameNotFoundException;
import javax.naming.spi.InitialContextFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Which executor blocking risk checks get: the server's managed one when bound, zt's own pool otherwise. */
class AppExecutorTest {

    /** What the fake naming context binds (the server's default managed executor and a non-executor). */
    static final ExecutorService MANAGED = Executors.newSingleThreadExecutor();

    @AfterAll
    static void stop() {
        MANAGED.shutdownNow();
    }

    /** A JNDI provider binding {@link #MANAGED} as the default managed executor, as an application server does. */
    public static final class FakeNaming implements InitialContextFactory {
        @Override
        public Context getInitialContext(Hashtable<?, ?> environment) {
            Map<String, Object> bound = Map.of(AppExecutor.DEFAULT_MANAGED, MANAGED, "java:comp/env/name", "text");
            return (Context) Proxy.newProxyInstance(Context.class.getClassLoader(), new Class<?>[] {Context.class},
                    (proxy, method, args) -> {
                        if (method.getName().equals("lookup") && args[0] instanceof String) {
                            Object o = bound.get(args[0]);
                            if (o == null) {
                                throw new NameNotFoundException((String) args[0]);
                            }
                            return o;
                        }
                        return method.getName().equals("close") ? null : method.getDefaultValue();
                    });
        }
    }

    private static <T> T withServerNaming(java.util.function.Supplier<T> action) {
        String before = System.getProperty(Context.INITIAL_CONTEXT_FACTORY);
        System.setProperty(Context.INITIAL_CONTEXT_FACTORY, FakeNaming.class.getName());
        try {
            return action.get();
        } finally {
            if (before == null) {
                System.clearProperty(Context.INITIAL_CONTEXT_FACTORY);
            } else {
                System.setProperty(Context.INITIAL_CONTEXT_FACTORY, before);
            }
        }
    }

    @Test
    void autoTakesTheServersDefaultManagedExecutorWhenBound() {
        assertThat(withServerNaming(() -> AppExecutor.resolve("auto"))).containsSame(MANAGED);
    }

    @Test
    void autoFallsBackToZtsOwnPoolWithoutNaming() {
        assertThat(AppExecutor.resolve("auto")).isEmpty();
    }

    @Test
    void ownIgnoresTheManagedExecutor() {
        assertThat(withServerNaming(() -> AppExecutor.resolve("own"))).isEmpty();
    }

    @Test
    void anExplicitNameMustResolveToAnExecutor() {
        assertThat(withServerNaming(() -> AppExecutor.resolve(AppExecutor.DEFAULT_MANAGED))).containsSame(MANAGED);
        assertThatThrownBy(() -> withServerNaming(() -> AppExecutor.resolve("java:comp/env/missing")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("zt.executor")
                .hasMessageContaining("no such JNDI resource");
        assertThatThrownBy(() -> withServerNaming(() -> AppExecutor.resolve("java:comp/env/name")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("is not an ExecutorService");
        assertThatThrownBy(() -> AppExecutor.resolve("java:comp/env/missing"))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("zt.executor");
    }

    @Test
    void theSettingAcceptsAutoOwnOrAJndiNameOnly() {
        for (String ok : new String[] {"auto", "own", "java:global/concurrent/zt"}) {
            assertThat(settings(ok).executor).isEqualTo(ok);
        }
        assertThat(settings("").executor).isEqualTo("auto");
        assertThatThrownBy(() -> settings("pool")).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("zt.executor");
    }

    private static FilterSettings settings(String executor) {
        ZtConfig config = ZtConfig.builder().moduleKeys(FilterSettings.KEYS).set("zt.issuer", TestTokens.ISSUER)
                .set("zt.audience", TestTokens.AUDIENCE).set(FilterSettings.EXECUTOR, executor).build();
        return new FilterSettings(config, AppExecutorTest.class.getClassLoader());
    }
}
