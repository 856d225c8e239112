package dev.zt.cdi;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The token's claim {@link #name()} must equal {@link #value()} (or, for an array claim, contain it). Repeatable: all
 * must hold. Refusal: 403 {@code access_denied}.
 */
@Documented
@Inherited
@Repeatable(RequiresClaim.List.class)
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface RequiresClaim {
    /** The claim name. */
    String name();

    /** The required value. */
    String value();

    /** Several {@link RequiresClaim}s. */
    @Documented
    @Inherited
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.TYPE, ElementType.METHOD})
    @interface List {
        /** The claims. */
        RequiresClaim[] value();
    }
}
