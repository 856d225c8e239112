package dev.zt.filter.internal.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zt.ZeroTrust;
import dev.zt.ZeroTrustContext;
import dev.zt.config.ConfigSource;
import dev.zt.config.ZtConfig;
import dev.zt.filter.container.CurrentCaller;
import dev.zt.filter.internal.FilterRuntime;
import dev.zt.filter.internal.settings.FilterSettings;
import dev.zt.internal.keys.StaticKeySource;
import dev.zt.spi.keys.KeySet;
import dev.zt.spi.keys.VerificationKey;
import dev.zt.testing.MutableClock;
import dev.zt.testing.TestKeys;
import dev.zt.testing.TestTokens;
import jakarta.servlet.FilterChain;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The caller the filter binds to the thread that runs the rest of its chain ({@link CurrentCaller}, which zt-cdi's
 * interceptor reads first): the request's own verified caller, for exactly as long as the chain runs, restored after it
 * returns or throws and around nested dispatches, and never visible on another thread. A pooled thread that kept one
 * request's caller would hand it to the next request that thread serves.
 */
class CurrentCallerTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T10:00:00Z"));
    private ZeroTrust engine;
    private FilterRuntime runtime;

    @BeforeEach
    void start() {
        ZtConfig config = ZtConfig.builder().moduleKeys(FilterSettings.KEYS).source(ConfigSource.of("test", Map.of(
                "zt.issuer", TestTokens.ISSUER, "zt.audience", TestTokens.AUDIENCE, "zt.algorithms", "RS256",
                "zt.public-paths", "/health"))).build();
        engine = ZeroTrust.builder(config).clock(clock).keySource("default", StaticKeySource.of(KeySet.of(List.of(
                VerificationKey.of("k1", null, TestKeys.RSA.getPublic()))), "test")).build();
        runtime = new FilterRuntime(engine, getClass().getClassLoader());
    }

    @AfterEach
    void close() {
        engine.close();
    }

    private FakeHttp as(String subject, String path) {
        FakeHttp f = FakeHttp.get(path);
        if (subject != null) {
            f.header("Authorization", "Bearer " + TestTokens.valid(clock.instant()).claim("sub", subject).kid("k1")
                    .sign("RS256", TestKeys.RSA.getPrivate()));
        }
        return f;
    }

    /** Runs the request through the pipeline and the enforcer, as the filter does, with the application's chain. */
    private void serve(FakeHttp request, FilterChain application) throws Exception {
        Exchange x = request.exchange();
        runtime.enforcer().enforce(x, runtime.pipeline().decide(x), application);
    }

    private Optional<String> currentSubject() {
        return runtime.current().flatMap(ZeroTrustContext::subject);
    }

    @Test
    void theRequestsCallerIsBoundForExactlyTheChain() throws Exception {
        List<Object> seen = new ArrayList<>();
        for (String subject : new String[] {"alice", "bob", null, "alice"}) {
            assertThat(runtime.current()).as("before the request").isEmpty();
            serve(as(subject, subject == null ? "/health" : "/orders"), (req, res) -> {
                seen.add(currentSubject().orElse("nobody"));
                Object published = req.getAttribute(ZeroTrustContext.ATTRIBUTE);
                assertThat(runtime.current().orElse(null)).as("the request attribute's").isSameAs(published);
            });
            assertThat(runtime.current()).as("after the request").isEmpty();
        }
        assertThat(seen).containsExactly("alice", "bob", "nobody", "alice");
    }

    @Test
    void anApplicationThatThrowsLeavesNoCallerOnTheThread() throws Exception {
        assertThatThrownBy(() -> serve(as("alice", "/orders"), (req, res) -> {
            assertThat(currentSubject()).contains("alice");
            throw new IllegalStateException("the application's bug");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(runtime.current()).isEmpty();
        assertThatThrownBy(() -> serve(as("bob", "/orders"), (req, res) -> {
            throw new java.io.IOException("the client went away");
        })).isInstanceOf(java.io.IOException.class);
        assertThat(runtime.current()).isEmpty();
    }

    @Test
    void aNestedDispatchSeesItsOwnCallerAndTheOuterOneIsRestored() throws Exception {
        List<String> seen = new ArrayList<>();
        serve(as("alice", "/orders"), (req, res) -> {
            HttpServletRequest other = as(null, "/other").request(); // an include of a request zt did not decide
            runtime.enforcer().continueDispatch(other, (HttpServletResponse) res, (ireq, ires) -> seen.add(currentSubject()
                    .orElse("nobody")));
            seen.add(currentSubject().orElse("nobody"));
            runtime.enforcer().continueDispatch((HttpServletRequest) req, (HttpServletResponse) res,
                    (freq, fres) -> seen.add(currentSubject().orElse("nobody"))); // a forward of the same request
            seen.add(currentSubject().orElse("nobody"));
        });
        assertThat(seen).containsExactly("nobody", "alice", "alice", "alice");
        assertThat(runtime.current()).isEmpty();
    }

    @Test
    void anotherThreadSeesNoCaller() throws Exception {
        List<Optional<ZeroTrustContext>> seen = new ArrayList<>();
        serve(as("alice", "/orders"), (req, res) -> {
            List<Optional<ZeroTrustContext>> onOther = new ArrayList<>();
            Thread other = new Thread(() -> onOther.add(runtime.current())); // started here: it inherits nothing
            other.start();
            try {
                other.join();
                seen.add(CompletableFuture.supplyAsync(runtime::current).get()); // the application's executor
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            seen.addAll(onOther);
            seen.add(runtime.current());
        });
        assertThat(seen.get(0)).isEmpty();
        assertThat(seen.get(1)).isEmpty();
        assertThat(seen.get(2).flatMap(ZeroTrustContext::subject)).contains("alice");
    }
}
