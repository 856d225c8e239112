package dev.zt.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zt.spi.store.ProfileStore;
import dev.zt.spi.store.ReplayCache;
import dev.zt.spi.store.RevocationStore;
import dev.zt.spi.store.SessionStore;
import dev.zt.spi.store.WindowStore;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * Every store zt is given or shares is wrapped by its backend's guard; a wrapper that does not pass a method on leaves
 * the interface's default in its place, which silently answers for the store (the window store's {@code remember}
 * once did: {@code session-drift} then saw no drift with Redis). Each wrapper passes every method of its interface on
 * to the store, the defaults included.
 */
class GuardedStoresTest {

    private final StoreGuard guard = new StoreGuard("test", Duration.ofSeconds(1), name -> { });

    @Test
    void everyGuardedStorePassesEveryMethodOfItsInterfaceOnToTheStore() throws Exception {
        check(SessionStore.class, GuardedStores::sessions);
        check(RevocationStore.class, GuardedStores::revocations);
        check(ProfileStore.class, GuardedStores::profiles);
        check(WindowStore.class, GuardedStores::windows);
        check(ReplayCache.class, GuardedStores::replays);
    }

    private <T> void check(Class<T> type, BiFunction<T, StoreGuard, T> wrap) throws Exception {
        List<String> called = new ArrayList<>();
        T store = type.cast(Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> {
                    called.add(method.getName());
                    return zero(method.getReturnType());
                }));
        T guarded = wrap.apply(store, guard);
        for (Method m : type.getMethods()) {
            if (Modifier.isStatic(m.getModifiers())) {
                continue;
            }
            called.clear();
            Object[] args = new Object[m.getParameterCount()];
            for (int i = 0; i < args.length; i++) {
                args[i] = zero(m.getParameterTypes()[i]);
            }
            try {
                m.invoke(guarded, args);
            } catch (java.lang.reflect.InvocationTargetException e) {
                // a wrapper may refuse what the store answered (a null it cannot pass on); it asked the store first
            }
            assertThat(called).as("%s.%s reaches the store", type.getSimpleName(), m.getName())
                    .contains(m.getName());
        }
    }

    /** A value of the type that calls accept: zero, false, empty, a default instance, else null. */
    private static Object zero(Class<?> t) {
        if (t == boolean.class) {
            return false;
        }
        if (t == int.class) {
            return 0;
        }
        if (t == long.class) {
            return 0L;
        }
        if (t == void.class) {
            return null;
        }
        if (t == String.class) {
            return "x";
        }
        if (t == Duration.class) {
            return Duration.ofSeconds(1);
        }
        if (t == java.time.Instant.class) {
            return java.time.Instant.EPOCH;
        }
        if (t == java.util.Optional.class) {
            return java.util.Optional.empty();
        }
        if (t == List.class) {
            return List.of();
        }
        if (t == WindowStore.RequestCounts.class) {
            return new WindowStore.RequestCounts(0, 0);
        }
        return null;
    }
}
