package dev.zt.cdi;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The organisation's policy decision point must permit the caller to perform {@link #action()} on the resource of type
 * {@link #resource()} (OpenID AuthZEN 1.0, {@code zt.authzen.pdp}; docs/authzen.md), asked after the method's other
 * requirements granted:
 *
 * <pre>{@code
 * @POST @Path("/{id}/approve")
 * @RequiresPermission(resource = "order", action = "approve", id = "{id}")
 * public Receipt approve(@PathParam("id") String id) { … }
 * }</pre>
 *
 * <p>{@link #id()} names the method parameter holding the resource id: {@code {name}} is the parameter whose
 * {@code @PathParam} is {@code name}, else the parameter called {@code name} (compile with {@code -parameters}),
 * {@code {0}} the first parameter; empty asks about the type as a whole. A name that matches no parameter fails the
 * deployment. Refusals: {@code 403 pdp_denied}, {@code 503 pdp_unavailable} (also when no PDP is configured: fail
 * closed), or the PDP's step-up.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface RequiresPermission {
    /** The resource type, e.g. {@code order}. */
    String resource();

    /** The action, e.g. {@code approve}. */
    String action();

    /** The parameter holding the resource id: {@code {name}}, {@code {0}}, or empty for the type as a whole. */
    String id() default "";
}
