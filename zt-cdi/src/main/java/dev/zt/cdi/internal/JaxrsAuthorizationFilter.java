package dev.zt.cdi.internal;

import dev.zt.ZeroTrustContext;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;

import java.lang.reflect.Method;
import java.time.Clock;

/**
 * Decides a JAX-RS resource method's annotations right after matching, before the request body is read, bound or
 * validated: an unauthorised caller learns nothing from validation errors. The interceptor checks the same cached rule
 * again when the method runs (for calls that do not come through JAX-RS); a PDP's grant made here for a resource id is
 * reused there for the same id, so a request asks the PDP once.
 */
@Provider
@Priority(Priorities.AUTHORIZATION)
public class JaxrsAuthorizationFilter implements ContainerRequestFilter {

    @Context
    ResourceInfo resourceInfo;

    @Context
    HttpServletRequest servletRequest;

    @Context
    ServletContext servletContext;

    /** Resolved on first use; the provider is one instance per application. */
    private volatile SecurityMetadata metadata;
    private volatile ZeroTrustRuntime runtime;
    private volatile CurrentZeroTrustContext grants;

    @Override
    public void filter(ContainerRequestContext request) {
        Method method = resourceInfo == null ? null : resourceInfo.getResourceMethod();
        if (method == null) {
            return;
        }
        SecurityRule rule = metadata().rule(method, resourceInfo.getResourceClass());
        if (!rule.needsCaller()) {
            return; // not checked, or @PermitAll
        }
        Object ctx = servletRequest == null ? null : servletRequest.getAttribute(ZeroTrustContext.ATTRIBUTE);
        ZeroTrustRuntime runtime = runtime();
        try {
            java.util.function.Function<String, String> pathParams = name -> request.getUriInfo().getPathParameters()
                    .getFirst(name); // asked only for a permission's id
            rule.enforce(ctx instanceof ZeroTrustContext ? (ZeroTrustContext) ctx : null,
                    runtime == null ? Clock.systemUTC().instant() : runtime.clock().instant(),
                    resourceInfo.getResourceClass().getSimpleName() + "." + method.getName(),
                    new SecurityRule.Call(null, pathParams, metadata().intercepted(
                            resourceInfo.getResourceClass()), grants()), runtime);
        } catch (dev.zt.AccessDeniedException | dev.zt.StepUpRequiredException e) {
            request.abortWith(JaxrsProblems.response(JaxrsProblems.problem(e, servletContext)));
        }
    }

    /**
     * The application's metadata, looked up once: {@code CDI.current()} is expensive on some containers (WildFly's walks
     * the caller's stack to find its deployment), far too expensive for every request.
     */
    private SecurityMetadata metadata() {
        SecurityMetadata m = metadata;
        if (m == null) {
            try {
                metadata = m = CDI.current().select(SecurityMetadata.class).get();
            } catch (RuntimeException | LinkageError e) {
                return FALLBACK; // asked again next time: CDI may not be up yet
            }
        }
        return m;
    }

    /** The runtime, looked up once (as {@link #metadata()}). */
    private ZeroTrustRuntime runtime() {
        ZeroTrustRuntime r = runtime;
        if (r == null) {
            try {
                runtime = r = CDI.current().select(ZeroTrustRuntime.class).get();
            } catch (RuntimeException | LinkageError e) {
                return null;
            }
        }
        return r;
    }

    /**
     * The request's PDP grants (a client proxy of the request-scoped bean, looked up once), which the interceptor
     * reuses for the same method and id; null without CDI.
     */
    private SecurityRule.Grants grants() {
        CurrentZeroTrustContext g = grants;
        if (g == null) {
            try {
                grants = g = CDI.current().select(CurrentZeroTrustContext.class).get();
            } catch (RuntimeException | LinkageError e) {
                return null;
            }
        }
        return g;
    }

    /** Used only when CDI is unavailable to the JAX-RS runtime. */
    private static final SecurityMetadata FALLBACK = new SecurityMetadata();
}
