package dev.zt.cdi.internal;

import dev.zt.ZeroTrustContext;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The current request's {@link ZeroTrustContext}: the one the filter published on the servlet request, or one set
 * explicitly (for work that zt verified outside a servlet request).
 */
@RequestScoped
public class CurrentZeroTrustContext implements SecurityRule.Grants {

    /** Grants remembered per request: a request calls few permission-checked methods. */
    private static final int MAX_GRANTS = 16;

    @Inject
    PublishedContexts published;

    private ZeroTrustContext explicit;
    /** PDP grants of this request: the context they were decided for, the rule and the resource id. */
    private List<Object[]> grants;

    /** The context, when zt verified a caller for this request. */
    public Optional<ZeroTrustContext> get() {
        if (explicit != null) {
            return Optional.of(explicit);
        }
        return Optional.ofNullable(published.published());
    }

    /** Sets the context for this request scope. */
    public void set(ZeroTrustContext context) {
        this.explicit = context;
    }

    @Override
    public synchronized boolean granted(SecurityRule rule, String resourceId) {
        if (grants == null) {
            return false;
        }
        ZeroTrustContext now = get().orElse(null);
        for (Object[] g : grants) {
            if (g[0] == now && g[1] == rule && g[2].equals(resourceId)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public synchronized void grant(SecurityRule rule, String resourceId) {
        ZeroTrustContext now = get().orElse(null);
        if (now == null) {
            return;
        }
        if (grants == null) {
            grants = new ArrayList<>(2);
        }
        if (grants.size() < MAX_GRANTS) {
            grants.add(new Object[] {now, rule, resourceId});
        }
    }
}
