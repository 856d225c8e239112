package dev.zt.cdi;

import jakarta.enterprise.util.Nonbinding;
import jakarta.inject.Qualifier;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Injects one claim of the current caller's verified token: {@code @Inject @Claim("email") String email}. Supported
 * types: {@code String} (refused when absent), {@code Optional<String>}, {@code Set<String>} (an array claim, or one
 * string; empty when absent) and {@code Instant} (a NumericDate claim such as {@code auth_time}). Inject into
 * request-scoped or dependent beans (or through {@code Instance}), since the value belongs to one request.
 */
@Qualifier
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.TYPE})
public @interface Claim {
    /** The claim name. */
    @Nonbinding
    String value() default "";
}
