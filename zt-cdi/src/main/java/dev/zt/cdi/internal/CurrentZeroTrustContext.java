package dev.zt.cdi.internal;

import dev.zt.ZeroTrustContext;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;

import java.util.Optional;

/**
 * The current request's {@link ZeroTrustContext}: the one the filter published on the servlet request, or one set
 * explicitly (for work that zt verified outside a servlet request).
 */
@RequestScoped
public class CurrentZeroTrustContext {

    @Inject
    Instance<HttpServletRequest> request;

    private ZeroTrustContext explicit;

    /** The context, when zt verified a caller for this request. */
    public Optional<ZeroTrustContext> get() {
        if (explicit != null) {
            return Optional.of(explicit);
        }
        if (request != null && request.isResolvable()) {
            try {
                Object attribute = request.get().getAttribute(ZeroTrustContext.ATTRIBUTE);
                if (attribute instanceof ZeroTrustContext) {
                    return Optional.of((ZeroTrustContext) attribute);
                }
            } catch (RuntimeException e) {
                return Optional.empty(); // no servlet request behind this request context
            }
        }
        return Optional.empty();
    }

    /** Sets the context for this request scope. */
    public void set(ZeroTrustContext context) {
        this.explicit = context;
    }
}
