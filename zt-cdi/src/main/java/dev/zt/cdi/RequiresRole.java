package dev.zt.cdi;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The caller must have one of the roles (or all of them with {@link #all()}), as mapped from the issuer's role claim.
 * Refusal: 403 {@code insufficient_role}.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface RequiresRole {
    /** The roles. */
    String[] value();

    /** True: every role is required; false (default): any one. */
    boolean all() default false;
}
