package dev.zt.internal.token;

import static dev.zt.internal.token.Rejections.reject;

import dev.zt.config.IssuerConfig;
import dev.zt.token.RejectionReason;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Typed, strict reading of claims (RFC 7519 section 4.1): wrong JSON types are {@code claim_invalid}. */
final class Claims {

    /** Largest NumericDate accepted: 9999-12-31T23:59:59Z. Larger values are junk or overflow attempts. */
    static final long MAX_NUMERIC_DATE = 253_402_300_799L;

    /** The largest scale (digits after the point, or exponent) a NumericDate may have; sub-microsecond is junk. */
    static final int MAX_SCALE = 32;

    private Claims() {
    }

    /** A NumericDate claim (RFC 7519 section 2) as epoch milliseconds, or {@code Long.MIN_VALUE} when absent. */
    static long numericDate(Map<String, Object> claims, String name, boolean required) {
        Object v = claims.get(name);
        if (v == null) {
            if (required || claims.containsKey(name)) {
                throw reject(RejectionReason.CLAIM_INVALID, name + " is " + (claims.containsKey(name) ? "null"
                        : "required"));
            }
            return Long.MIN_VALUE;
        }
        if (v instanceof Long) {
            long s = (Long) v;
            if (s < 0 || s > MAX_NUMERIC_DATE) {
                throw reject(RejectionReason.CLAIM_INVALID, name + " is out of range");
            }
            return s * 1000L;
        }
        if (v instanceof BigDecimal) {
            BigDecimal d = (BigDecimal) v;
            if (d.scale() > MAX_SCALE || d.scale() < -MAX_SCALE) { // bounded before any arithmetic on it
                throw reject(RejectionReason.CLAIM_INVALID, name + " has too many decimal places or too large an"
                        + " exponent");
            }
            if (d.signum() < 0 || d.compareTo(BigDecimal.valueOf(MAX_NUMERIC_DATE)) > 0) {
                throw reject(RejectionReason.CLAIM_INVALID, name + " is out of range");
            }
            return d.movePointRight(3).setScale(0, RoundingMode.FLOOR).longValueExact();
        }
        if (v instanceof Number) { // BigInteger: beyond any sane date
            throw reject(RejectionReason.CLAIM_INVALID, name + " is out of range");
        }
        throw reject(RejectionReason.CLAIM_INVALID, name + " is not a number");
    }

    static String string(Map<String, Object> claims, String name) {
        Object v = claims.get(name);
        if (v == null) {
            if (claims.containsKey(name)) {
                throw reject(RejectionReason.CLAIM_INVALID, name + " is null");
            }
            return null;
        }
        if (!(v instanceof String)) {
            throw reject(RejectionReason.CLAIM_INVALID, name + " is not a string");
        }
        return (String) v;
    }

    static List<String> stringList(Map<String, Object> claims, String name) {
        Object v = claims.get(name);
        if (v == null) {
            if (claims.containsKey(name)) {
                throw reject(RejectionReason.CLAIM_INVALID, name + " is null");
            }
            return List.of();
        }
        return strings(v, name);
    }

    private static List<String> strings(Object v, String name) {
        if (!(v instanceof List)) {
            throw reject(RejectionReason.CLAIM_INVALID, name + " is not an array");
        }
        List<?> list = (List<?>) v;
        for (Object o : list) {
            if (!(o instanceof String)) {
                throw reject(RejectionReason.CLAIM_INVALID, name + " holds a value that is not a string");
            }
        }
        @SuppressWarnings("unchecked")
        List<String> strings = (List<String>) list;
        return strings;
    }

    /** {@code aud}: a string or a non-empty array of strings (RFC 7519 section 4.1.3); empty set when absent. */
    static Set<String> audiences(Map<String, Object> claims) {
        Object v = claims.get("aud");
        if (v == null) {
            if (claims.containsKey("aud")) {
                throw reject(RejectionReason.CLAIM_INVALID, "aud is null");
            }
            return Set.of();
        }
        if (v instanceof String) {
            return Set.of((String) v);
        }
        List<String> list = strings(v, "aud");
        return Collections.unmodifiableSet(new LinkedHashSet<>(list));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Map<String, Object> claims, String name) {
        Object v = claims.get(name);
        if (v == null) {
            if (claims.containsKey(name)) {
                throw reject(RejectionReason.CLAIM_INVALID, name + " is null");
            }
            return null;
        }
        if (!(v instanceof Map)) {
            throw reject(RejectionReason.CLAIM_INVALID, name + " is not an object");
        }
        return (Map<String, Object>) v;
    }

    /** Roles from a claim name or dotted path; a single string is one role; absent means none. */
    static Set<String> roles(Map<String, Object> claims, String[] path, String display) {
        Object v = claims;
        for (String segment : path) {
            if (!(v instanceof Map)) {
                return Set.of();
            }
            v = ((Map<?, ?>) v).get(segment);
        }
        if (v == null) {
            return Set.of();
        }
        if (v instanceof String) {
            return Set.of((String) v);
        }
        return Collections.unmodifiableSet(new LinkedHashSet<>(strings(v, display)));
    }

    /** Scopes from the first present claim: a space-separated string (RFC 8693 section 4.2) or an array. */
    static Set<String> scopes(Map<String, Object> claims, IssuerConfig issuer) {
        for (String name : issuer.scopeClaims()) {
            Object v = claims.get(name);
            if (v == null) {
                continue;
            }
            if (v instanceof String) {
                Set<String> out = new LinkedHashSet<>();
                for (String s : ((String) v).split(" ")) {
                    if (!s.isEmpty()) {
                        out.add(s);
                    }
                }
                return Collections.unmodifiableSet(out);
            }
            return Collections.unmodifiableSet(new LinkedHashSet<>(strings(v, name)));
        }
        return Set.of();
    }
}
