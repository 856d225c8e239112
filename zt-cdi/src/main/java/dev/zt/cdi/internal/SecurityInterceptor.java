package dev.zt.cdi.internal;

import dev.zt.ZeroTrustContext;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ContextNotActiveException;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

import java.io.Serializable;

/**
 * Enforces zt's and Jakarta's security annotations on CDI beans, JAX-RS resources and EJBs. Enabled by
 * {@code @Priority} (no {@code beans.xml} edits); rules come from {@link SecurityMetadata}'s cache, resolved once per
 * (method, target class). A protected method running without a zt-verified caller (a timer, a thread without a
 * request) is denied unless {@code @PermitAll}. In {@code zt.mode=report-only} a refusal is logged and the call
 * proceeds.
 */
@Secured
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_BEFORE + 150)
public class SecurityInterceptor implements Serializable {
    private static final long serialVersionUID = 1L;

    @Inject
    SecurityMetadata metadata;

    /**
     * A client proxy of the request-scoped bean: the request's PDP grants and a context set explicitly. The bean is
     * created only when it is used, not on every call.
     */
    @Inject
    CurrentZeroTrustContext current;

    @Inject
    PublishedContexts published;

    @Inject
    ZeroTrustRuntime runtime;

    @AroundInvoke
    Object check(InvocationContext invocation) throws Exception {
        Object target = invocation.getTarget();
        SecurityRule rule = metadata.rule(invocation.getMethod(),
                target == null ? invocation.getMethod().getDeclaringClass() : target.getClass());
        if (rule.needsCaller()) {
            ZeroTrustContext context = published.published(); // what the filter verified for this servlet request
            SecurityRule.Grants grants = current; // the request's PDP grants
            if (context == null) {
                try {
                    context = current.get().orElse(null);
                } catch (ContextNotActiveException e) {
                    grants = null;
                }
            }
            rule.enforce(context, runtime.clock().instant(), invocation.getMethod().getDeclaringClass()
                    .getSimpleName() + "." + invocation.getMethod().getName(),
                    SecurityRule.Call.invocation(invocation.getParameters(), grants), runtime);
        }
        return invocation.proceed();
    }
}
