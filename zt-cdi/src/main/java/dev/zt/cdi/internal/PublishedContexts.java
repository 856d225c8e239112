package dev.zt.cdi.internal;

import dev.zt.ZeroTrustContext;
import dev.zt.filter.container.CurrentCaller;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.spi.CreationalContext;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;

import java.util.Optional;

/**
 * The {@link ZeroTrustContext} the zt filter published for the current servlet request, read without creating a bean
 * per request. First the filter's {@link CurrentCaller}: the caller of the request this thread serves inside the
 * filter's chain, a thread-bound read. Otherwise (another thread, a dispatch the filter does not see) the request
 * attribute, through the container's {@code HttpServletRequest} bean: request-scoped, so its contextual reference is
 * a client proxy that always reaches the current request, resolved once and kept (a proxy call costs a look-up in the
 * container's request context: the thread-bound read comes first because the interceptor asks on every call). A
 * container whose bean is not normal-scoped is asked for the request on every call instead (and what it creates is
 * released at once); one without a servlet request bean has no published context.
 */
@ApplicationScoped
public class PublishedContexts {

    @Inject
    BeanManager beans;

    @Inject
    ZeroTrustRuntime runtime;

    /** The container's servlet request bean, or null (CDI 2.0's API: the javax build runs on it). */
    private Bean<?> bean;
    /** Its client proxy when the bean is normal-scoped; else null (asked on every call). */
    private HttpServletRequest proxy;

    @PostConstruct
    void resolve() { // the bean is created at its first use, after the deployment was validated
        try {
            bean = beans.resolve(beans.getBeans(HttpServletRequest.class));
        } catch (RuntimeException ambiguous) {
            bean = null; // no published context can be read: protected methods are refused
        }
        if (bean != null && beans.isNormalScope(bean.getScope())) {
            // a client proxy: no instance of any one request is kept
            proxy = (HttpServletRequest) beans.getReference(bean, HttpServletRequest.class,
                    beans.createCreationalContext(bean));
        }
    }

    /** The context the filter published on the current servlet request, or null (none, or no servlet request). */
    public ZeroTrustContext published() {
        CurrentCaller callers = runtime.callers();
        if (callers != null) {
            Optional<ZeroTrustContext> onThisThread = callers.current();
            if (onThisThread.isPresent()) {
                return onThisThread.get();
            }
        }
        if (proxy != null) {
            return attribute(proxy);
        }
        if (bean == null) {
            return null;
        }
        CreationalContext<?> created = beans.createCreationalContext(bean);
        try {
            return attribute((HttpServletRequest) beans.getReference(bean, HttpServletRequest.class, created));
        } catch (RuntimeException e) {
            return null; // no servlet request behind this call
        } finally {
            created.release();
        }
    }

    private static ZeroTrustContext attribute(HttpServletRequest request) {
        try {
            Object attribute = request.getAttribute(ZeroTrustContext.ATTRIBUTE);
            return attribute instanceof ZeroTrustContext ? (ZeroTrustContext) attribute : null;
        } catch (RuntimeException e) {
            return null; // no servlet request behind this call (a timer, a message, a thread of the application's)
        }
    }
}
