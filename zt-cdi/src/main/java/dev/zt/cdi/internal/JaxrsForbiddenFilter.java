package dev.zt.cdi.internal;

import dev.zt.internal.http.Problem;
import dev.zt.token.RejectionReason;
import jakarta.servlet.ServletContext;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;

import java.util.Map;

/**
 * Gives the container's own bare 403 answers (e.g. RESTEasy's {@code @RolesAllowed} check with
 * {@code resteasy.role.based.security}) the same problem+json body as zt's: reason {@code insufficient_role}.
 */
@Provider
public class JaxrsForbiddenFilter implements ContainerResponseFilter {

    @Context
    ServletContext servletContext;

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (response.getStatus() != 403 || response.hasEntity()) {
            return;
        }
        Problem p = Problem.of(RejectionReason.INSUFFICIENT_ROLE, JaxrsProblems.realm(servletContext), 0);
        for (Map.Entry<String, String> h : p.headers().entrySet()) {
            response.getHeaders().putSingle(h.getKey(), h.getValue());
        }
        response.setEntity(p.body(), null, jakarta.ws.rs.core.MediaType.valueOf(Problem.CONTENT_TYPE));
    }
}
