package dev.zt.internal.json;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * The value of a JSON number token, bounded before any arithmetic: at most {@link StrictJson#MAX_NUMBER_CHARS}
 * characters and a decimal exponent within +/-{@link StrictJson#MAX_EXPONENT} (a signed {@code nbf} of
 * {@code 1e-20000000} once cost seconds of CPU). Integers are {@code Long} or {@code BigInteger}, others
 * {@code BigDecimal}.
 */
final class JsonNumbers {

    private JsonNumbers() {
    }

    /** The value of a token the parser scanned as a well-formed JSON number. */
    static Number value(String text) {
        boolean integral = text.indexOf('.') < 0 && text.indexOf('e') < 0 && text.indexOf('E') < 0;
        if (text.length() > StrictJson.MAX_NUMBER_CHARS) {
            throw new JsonException("number longer than " + StrictJson.MAX_NUMBER_CHARS + " characters");
        }
        if (!integral && exponentTooLarge(text)) {
            throw new JsonException("number exponent beyond +/-" + StrictJson.MAX_EXPONENT);
        }
        if (integral) {
            if (text.length() <= 18) {
                return Long.parseLong(text);
            }
            BigInteger big = new BigInteger(text);
            return big.bitLength() < 64 ? (Number) big.longValue() : big;
        }
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new JsonException("number out of range");
        }
    }

    /** True when the decimal exponent (after {@code e}) is larger in magnitude than {@link StrictJson#MAX_EXPONENT}. */
    private static boolean exponentTooLarge(String text) {
        int e = Math.max(text.indexOf('e'), text.indexOf('E'));
        if (e < 0) {
            return false;
        }
        int i = e + 1;
        if (text.charAt(i) == '+' || text.charAt(i) == '-') {
            i++;
        }
        while (i < text.length() - 1 && text.charAt(i) == '0') {
            i++; // leading zeros of the exponent carry no magnitude
        }
        return text.length() - i > 3 || Integer.parseInt(text.substring(i)) > StrictJson.MAX_EXPONENT;
    }
}
