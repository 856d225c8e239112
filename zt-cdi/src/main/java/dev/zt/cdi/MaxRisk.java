package dev.zt.cdi;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The request's risk score (0–100, from zt's trust decision) must not exceed {@link #value()}. Refusal: 403
 * {@code access_denied}.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface MaxRisk {
    /** The highest acceptable score, 0 to 100. */
    int value();
}
