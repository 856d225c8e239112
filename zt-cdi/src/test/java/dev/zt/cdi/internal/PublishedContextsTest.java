package dev.zt.cdi.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zt.ZeroTrustContext;
import dev.zt.spi.risk.Decision;
import dev.zt.token.VerifiedToken;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.context.control.RequestContextController;
import jakarta.enterprise.inject.Produces;
import dev.zt.filter.container.CurrentCaller;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.Optional;

/**
 * The interceptor reads the caller the filter published for the current servlet request without a bean per request:
 * first the one the filter bound to this thread, else the request's attribute.
 * Whatever it keeps between calls must never be one request's instance: each request sees its own caller, and a call
 * without a request sees none, whether the container's request bean is request-scoped (a client proxy, kept) or not.
 */
class PublishedContextsTest {

    /** The request the container would serve next (set by the test before it activates a request context). */
    @ApplicationScoped
    static class NextRequest {
        HttpServletRequest next;
    }

    /** The container's request bean as CDI's servlet integration defines it: request-scoped. */
    static class RequestScopedRequests {
        @Produces
        @RequestScoped
        HttpServletRequest request(NextRequest next) {
            return next.next;
        }
    }

    /** A container whose request bean is not normal-scoped: asked on every call. */
    static class DependentRequests {
        @Produces
        @Dependent
        HttpServletRequest request(NextRequest next) {
            return next.next;
        }
    }

    /** The caller the filter bound to this thread, as its {@link CurrentCaller} would answer (set by the test). */
    @ApplicationScoped
    static class FilterThread implements CurrentCaller {
        private ZeroTrustContext serving;

        void serve(ZeroTrustContext caller) { // through the client proxy: a field set on it would stay there
            serving = caller;
        }

        @Override
        public Optional<ZeroTrustContext> current() {
            return Optional.ofNullable(serving);
        }
    }

    /** The servlet context where the filter published its {@link CurrentCaller}. */
    static class PublishingServletContext {
        @Produces
        @ApplicationScoped
        ServletContext servletContext(FilterThread filter) {
            return (ServletContext) Proxy.newProxyInstance(PublishedContextsTest.class.getClassLoader(),
                    new Class<?>[] {ServletContext.class}, (proxy, method, args) -> {
                        if (method.getName().equals("getAttribute")) {
                            return CurrentCaller.ATTRIBUTE.equals(args[0]) ? filter : null;
                        }
                        throw new UnsupportedOperationException(method.getName());
                    });
        }
    }

    @Test
    void theCallerTheFilterBoundToThisThreadComesFirstThenTheRequestsAttribute() {
        try (WeldContainer c = new Weld("filter-thread").disableDiscovery().addBeanClasses(PublishedContexts.class,
                ZeroTrustRuntime.class, NextRequest.class, RequestScopedRequests.class, FilterThread.class,
                PublishingServletContext.class).initialize()) {
            PublishedContexts published = c.select(PublishedContexts.class).get();
            FilterThread filter = c.select(FilterThread.class).get();
            NextRequest next = c.select(NextRequest.class).get();
            RequestContextController requestContext = c.select(RequestContextController.class).get();
            ZeroTrustContext alice = context("alice");
            ZeroTrustContext mallory = context("mallory");

            next.next = request(mallory); // e.g. the application replaced the request attribute
            requestContext.activate();
            try {
                filter.serve(alice);
                assertThat(published.published()).as("the filter's own, not the attribute").isSameAs(alice);
                filter.serve(null); // a thread the filter does not serve: the request is asked
                assertThat(published.published()).isSameAs(mallory);
            } finally {
                requestContext.deactivate();
            }
            filter.serve(alice); // no request context active (a thread of the filter's chain all the same)
            assertThat(published.published()).isSameAs(alice);
            filter.serve(null);
            assertThat(published.published()).as("neither").isNull();
        }
    }

    @Test
    void eachRequestSeesItsOwnCallerThroughTheKeptClientProxy() {
        eachRequestSeesItsOwnCaller(RequestScopedRequests.class);
    }

    @Test
    void eachRequestSeesItsOwnCallerWhenTheRequestBeanIsNotNormalScoped() {
        eachRequestSeesItsOwnCaller(DependentRequests.class);
    }

    @Test
    void withoutAServletRequestBeanThereIsNoPublishedCaller() {
        try (WeldContainer c = new Weld("no-servlet").disableDiscovery().addBeanClasses(PublishedContexts.class,
                ZeroTrustRuntime.class).initialize()) {
            assertThat(c.select(PublishedContexts.class).get().published()).isNull();
        }
    }

    private static void eachRequestSeesItsOwnCaller(Class<?> requests) {
        try (WeldContainer c = new Weld(requests.getSimpleName()).disableDiscovery().addBeanClasses(
                PublishedContexts.class, ZeroTrustRuntime.class, NextRequest.class, requests).initialize()) {
            PublishedContexts published = c.select(PublishedContexts.class).get();
            NextRequest next = c.select(NextRequest.class).get();
            RequestContextController requestContext = c.select(RequestContextController.class).get();
            ZeroTrustContext alice = context("alice");
            ZeroTrustContext bob = context("bob");

            for (ZeroTrustContext caller : new ZeroTrustContext[] {alice, bob, null, alice}) {
                next.next = request(caller);
                requestContext.activate();
                try {
                    assertThat(published.published()).isSameAs(caller);
                    assertThat(published.published()).isSameAs(caller); // asked twice in one request
                } finally {
                    requestContext.deactivate();
                }
            }
            next.next = null; // a request-scoped bean is not even asked: its context is not active
            assertThat(published.published()).as("no request context active").isNull();
        }
    }

    private static ZeroTrustContext context(String subject) {
        VerifiedToken token = VerifiedToken.builder().subject(subject).algorithm("RS256").issuer("https://idp")
                .expiresAt(Instant.now().plusSeconds(300)).build();
        return ZeroTrustContext.builder().token(token).bearerToken("compact").clientAddress("127.0.0.1")
                .decision(Decision.allow()).build();
    }

    /** A servlet request that answers only the attribute zt publishes. */
    private static HttpServletRequest request(ZeroTrustContext context) {
        return (HttpServletRequest) Proxy.newProxyInstance(PublishedContextsTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getAttribute")) {
                        return ZeroTrustContext.ATTRIBUTE.equals(args[0]) ? context : null;
                    }
                    if (method.getName().equals("toString")) {
                        return "request of " + (context == null ? "nobody" : context.subject().orElse("?"));
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
