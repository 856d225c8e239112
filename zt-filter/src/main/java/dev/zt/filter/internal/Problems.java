package dev.zt.filter.internal;

import dev.zt.token.RejectionReason;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/**
 * Renders zt's HTTP answers: the status of the reason, a {@code WWW-Authenticate: Bearer} challenge (RFC 6750
 * section 3, RFC 9470 section 3), {@code Retry-After} for 503, {@code Cache-Control: no-store}, and an RFC 9457
 * {@code application/problem+json} body whose {@code reason} member is the stable code. Never a token, never a stack
 * trace.
 */
public final class Problems {

    /** Prefix of the problem {@code type} URI; the reason code follows. */
    public static final String TYPE_PREFIX = "urn:dev.zt:reason:";

    private Problems() {
    }

    /** Extra challenge parameters. */
    public static final class Challenge {
        Set<String> scopes;
        String acr;
        Duration maxAge;

        /** A challenge for missing scopes. */
        public static Challenge scopes(Set<String> scopes) {
            Challenge c = new Challenge();
            c.scopes = scopes;
            return c;
        }

        /** A step-up challenge. */
        public static Challenge stepUp(String acr, Duration maxAge) {
            Challenge c = new Challenge();
            c.acr = acr;
            c.maxAge = maxAge;
            return c;
        }
    }

    /** Writes the answer for a reason. */
    public static void write(HttpServletResponse res, RejectionReason reason, String detail, String realm,
            long retryAfterSeconds, Challenge challenge) throws IOException {
        res.resetBuffer();
        res.setStatus(reason.httpStatus());
        res.setHeader("Cache-Control", "no-store");
        res.setHeader("Pragma", "no-cache");
        String description = safe(detail);
        String challengeHeader = challenge(reason, description, realm, challenge);
        if (challengeHeader != null) {
            res.setHeader("WWW-Authenticate", challengeHeader);
        }
        if (reason.httpStatus() == 503) {
            res.setHeader("Retry-After", Long.toString(retryAfterSeconds));
        }
        StringBuilder json = new StringBuilder(256);
        json.append("{\"type\":\"").append(TYPE_PREFIX).append(reason.code()).append('"');
        json.append(",\"title\":").append(quote(title(reason)));
        json.append(",\"status\":").append(reason.httpStatus());
        json.append(",\"detail\":").append(quote(description));
        json.append(",\"reason\":\"").append(reason.code()).append('"');
        if (challenge != null && challenge.scopes != null) {
            json.append(",\"scope\":").append(quote(String.join(" ", challenge.scopes)));
        }
        if (challenge != null && challenge.acr != null) {
            json.append(",\"acr_values\":").append(quote(challenge.acr));
            if (challenge.maxAge != null) {
                json.append(",\"max_age\":").append(challenge.maxAge.toSeconds());
            }
        }
        json.append('}');
        byte[] body = json.toString().getBytes(StandardCharsets.UTF_8);
        res.setContentType("application/problem+json");
        res.setContentLength(body.length);
        res.getOutputStream().write(body);
    }

    /** The {@code WWW-Authenticate} value, or {@code null} when the answer carries none. */
    static String challenge(RejectionReason reason, String description, String realm, Challenge challenge) {
        boolean bearer = reason.httpStatus() == 401 || reason.bearerError() != null;
        if (!bearer) {
            return null;
        }
        StringBuilder h = new StringBuilder("Bearer realm=\"").append(realm).append('"');
        if (reason.bearerError() != null) {
            h.append(", error=\"").append(reason.bearerError()).append('"');
            h.append(", error_description=\"").append(description).append('"');
        }
        if (challenge != null && challenge.scopes != null) {
            h.append(", scope=\"").append(safe(String.join(" ", challenge.scopes))).append('"');
        }
        if (challenge != null && challenge.acr != null) {
            h.append(", acr_values=\"").append(safe(challenge.acr)).append('"');
            if (challenge.maxAge != null) {
                h.append(", max_age=\"").append(challenge.maxAge.toSeconds()).append('"');
            }
        }
        return h.toString();
    }

    /** Restricts text to RFC 6750's error_description characters (%x20-21 / %x23-5B / %x5D-7E) and 200 chars. */
    static String safe(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(Math.min(text.length(), 200));
        for (int i = 0; i < text.length() && sb.length() < 200; i++) {
            char c = text.charAt(i);
            sb.append(c >= 0x20 && c <= 0x7e && c != '"' && c != '\\' ? c : '\'');
        }
        return sb.toString();
    }

    private static String title(RejectionReason reason) {
        String code = reason.code().replace('_', ' ');
        return code.substring(0, 1).toUpperCase(Locale.ROOT) + code.substring(1);
    }

    static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}
