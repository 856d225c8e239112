package dev.zt.cdi;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The token must carry one of the scopes (or all with {@link #all()}). Refusal: 403 {@code insufficient_scope} with
 * {@code WWW-Authenticate: Bearer error="insufficient_scope", scope="..."} (RFC 6750 section 3.1).
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface RequiresScope {
    /** The scopes. */
    String[] value();

    /** True: every scope is required; false (default): any one. */
    boolean all() default false;
}
