package dev.zt.cdi;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The caller's token must be sender-constrained: bound to a DPoP key ({@code cnf.jkt}, RFC 9449) or, unless
 * {@link #dpop()}, to a client certificate ({@code cnf.x5t#S256}, RFC 8705). zt's filter accepts a bound token only
 * with its proof, so a stolen token cannot reach the method. Refusal: 401 {@code proof_of_possession_required}
 * (RFC 9700 section 4.10 recommends sender-constrained tokens for sensitive operations).
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface RequiresProofOfPossession {
    /** True: only a DPoP-bound token counts (a certificate-bound one is refused too). */
    boolean dpop() default false;
}
