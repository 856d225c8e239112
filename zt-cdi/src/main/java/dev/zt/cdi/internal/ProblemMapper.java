package dev.zt.cdi.internal;

import dev.zt.internal.http.Problem;
import jakarta.servlet.ServletContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

/** Answers an exception thrown inside JAX-RS with zt's problem for it, in the application's realm. */
abstract class ProblemMapper<E extends Throwable> implements ExceptionMapper<E> {

    @Context
    ServletContext servletContext;

    @Override
    public final Response toResponse(E exception) {
        return JaxrsProblems.response(problem(exception, JaxrsProblems.realm(servletContext)));
    }

    /** The problem answering {@code exception}. */
    abstract Problem problem(E exception, String realm);
}
