package dev.zt.cdi.internal;

import dev.zt.internal.http.Problem;
import dev.zt.token.RejectionReason;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.servlet.ServletContext;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;

import java.lang.reflect.Method;
import java.util.Map;

/**
 * Gives the container's own bare 403 answers (e.g. RESTEasy's {@code @RolesAllowed} check with
 * {@code resteasy.role.based.security}, Jersey's on GlassFish) the same problem+json body as zt's: reason
 * {@code insufficient_role}, or {@code access_denied} for a {@code @DenyAll} method, as zt's interceptor answers where
 * it decides first.
 */
@Provider
public class JaxrsForbiddenFilter implements ContainerResponseFilter {

    @Context
    ServletContext servletContext;

    @Context
    ResourceInfo resource;

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (response.getStatus() != 403 || response.hasEntity()) {
            return;
        }
        Problem p = Problem.of(denyAll() ? RejectionReason.ACCESS_DENIED : RejectionReason.INSUFFICIENT_ROLE,
                JaxrsProblems.realm(servletContext), 0);
        for (Map.Entry<String, String> h : p.headers().entrySet()) {
            response.getHeaders().putSingle(h.getKey(), h.getValue());
        }
        response.setEntity(p.body(), null, jakarta.ws.rs.core.MediaType.valueOf(Problem.CONTENT_TYPE));
    }

    /** Whether the matched resource method is {@code @DenyAll} (on itself, or on its class without a method grant). */
    private boolean denyAll() {
        Method m = resource == null ? null : resource.getResourceMethod();
        if (m == null) {
            return false;
        }
        if (m.isAnnotationPresent(DenyAll.class)) {
            return true;
        }
        return !m.isAnnotationPresent(RolesAllowed.class) && !m.isAnnotationPresent(PermitAll.class)
                && resource.getResourceClass() != null && resource.getResourceClass().isAnnotationPresent(DenyAll.class);
    }
}
