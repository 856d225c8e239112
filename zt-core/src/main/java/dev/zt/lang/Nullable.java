package dev.zt.lang;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a parameter that may be {@code null}. zt's API otherwise never takes or returns {@code null}: absent values are
 * {@link java.util.Optional}, and a builder setter marked {@code @Nullable} treats {@code null} as "absent".
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.PARAMETER, ElementType.METHOD, ElementType.FIELD})
public @interface Nullable {
}
