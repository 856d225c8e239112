package dev.zt.cdi.internal;

import dev.zt.ZeroTrustContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;

/**
 * The {@link ZeroTrustContext} the zt filter published on the current servlet request, read without creating a bean
 * per request. The container's {@code HttpServletRequest} bean is request-scoped, so its contextual reference is a
 * client proxy that always reaches the current request: it is resolved once and kept. A container whose bean is not
 * normal-scoped is asked for the request on every call instead, as is one without a servlet request bean (never:
 * {@code null}).
 */
@ApplicationScoped
public class PublishedContexts {

    @Inject
    Instance<HttpServletRequest> requests;

    @Inject
    BeanManager beans;

    /** The current request's client proxy, once resolved; {@code null}: ask {@link #requests} every time. */
    private volatile HttpServletRequest proxy;
    private volatile boolean resolved;

    /** The context the filter published on the current servlet request, or null (none, or no servlet request). */
    public ZeroTrustContext published() {
        try {
            HttpServletRequest request = request();
            Object attribute = request == null ? null : request.getAttribute(ZeroTrustContext.ATTRIBUTE);
            return attribute instanceof ZeroTrustContext ? (ZeroTrustContext) attribute : null;
        } catch (RuntimeException e) {
            return null; // no servlet request behind this call (a timer, a message, a thread of the application's)
        }
    }

    private HttpServletRequest request() {
        if (!resolved) {
            resolve();
        }
        HttpServletRequest p = proxy;
        if (p != null) {
            return p;
        }
        return requests.isResolvable() ? requests.get() : null;
    }

    private synchronized void resolve() {
        if (resolved) {
            return;
        }
        if (requests.isResolvable()) { // CDI 2.0's API (the javax build runs on it): no Instance.getHandle()
            Bean<?> bean = beans.resolve(beans.getBeans(HttpServletRequest.class));
            if (bean != null && beans.isNormalScope(bean.getScope())) {
                // a client proxy: no instance of any one request is kept
                proxy = (HttpServletRequest) beans.getReference(bean, HttpServletRequest.class,
                        beans.createCreationalContext(bean));
            }
        }
        resolved = true;
    }
}
