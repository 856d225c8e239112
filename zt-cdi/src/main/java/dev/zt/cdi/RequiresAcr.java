package dev.zt.cdi;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Step-up: the caller's authentication must have reached {@link #value()} ({@code acr}) and, when {@link #maxAge()} is
 * positive, be at most that many seconds old ({@code auth_time}). Refusal: 401 with
 * {@code error="insufficient_user_authentication"}, {@code acr_values} and {@code max_age} (RFC 9470 section 3).
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface RequiresAcr {
    /** The required authentication context class reference, e.g. {@code mfa}. */
    String value();

    /** Largest age of the authentication in seconds; 0 (default) means any age. */
    long maxAge() default 0;
}
