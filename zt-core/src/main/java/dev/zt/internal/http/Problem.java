package dev.zt.internal.http;

import com.google.auto.value.AutoValue;
import dev.zt.AccessDeniedException;
import dev.zt.StepUpRequiredException;
import dev.zt.internal.json.JsonWriter;
import dev.zt.policy.Verdict;
import dev.zt.token.RejectionReason;
import dev.zt.token.TokenRejectedException;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One HTTP refusal, independent of any servlet or JAX-RS API, so that the filter and the JAX-RS exception mapper answer
 * byte for byte alike: the status of the reason, a {@code WWW-Authenticate: Bearer} challenge (RFC 6750 section 3,
 * RFC 9470 section 3), {@code Retry-After} for 503 and 429, {@code Cache-Control: no-store}, and an RFC 9457
 * {@code application/problem+json} body whose {@code reason} member is the stable code. The {@code detail} and
 * {@code error_description} are the reason's generic text ({@link RejectionReason#publicDetail()}): specifics go to the
 * audit log. Never a token or a stack trace.
 */
@AutoValue
public abstract class Problem {

    /** The EJB container's refusal, by name: zt-core links no EE API, and serves javax and jakarta alike. */
    private static final Set<String> EJB_ACCESS = Set.of("jakarta.ejb.EJBAccessException",
            "javax.ejb.EJBAccessException");

    /** Prefix of the problem {@code type} URI; the reason code follows. */
    public static final String TYPE_PREFIX = "urn:dev.zt:reason:";
    /** The media type of the body. */
    public static final String CONTENT_TYPE = "application/problem+json";
    /** {@code Retry-After} of a 429, in seconds: the rate windows are a minute long. */
    public static final long RATE_LIMIT_RETRY_SECONDS = 60;

    Problem() {
    }

    /** The reason answered. */
    public abstract RejectionReason reason();

    /** Headers to set, in order (without Content-Type). */
    public abstract Map<String, String> headers();

    /** The body's text (JSON, UTF-8 when written). */
    abstract String text();

    /** The HTTP status. */
    public int status() {
        return reason().httpStatus();
    }

    /** The UTF-8 problem+json body. */
    public byte[] body() {
        return text().getBytes(StandardCharsets.UTF_8);
    }

    /** The refusal for a reason. */
    public static Problem of(RejectionReason reason, String realm, long retryAfterSeconds) {
        return of(reason, realm, retryAfterSeconds, null, null, null);
    }

    /** The answer to a refused {@link Verdict}. */
    public static Problem of(Verdict verdict, String realm, long retryAfterSeconds) {
        return of(verdict, realm, retryAfterSeconds, null);
    }

    /**
     * The answer to a refused {@link Verdict} with what its challenges name beyond the realm ({@code challenge} null:
     * nothing): the {@code DPoP} challenge with the accepted algorithms (RFC 9449 section 7.1) beside the
     * {@code Bearer} one, the {@code resource_metadata} URL (RFC 9728 section 5.1).
     */
    public static Problem of(Verdict verdict, String realm, long retryAfterSeconds, Challenge challenge) {
        RejectionReason reason = verdict.reason().orElseThrow(() -> new IllegalArgumentException("not a refusal"));
        return of(reason, realm, retryAfterSeconds, verdict.scopes().orElse(null), verdict.acr().orElse(null),
                verdict.maxAge().orElse(null), challenge);
    }

    /**
     * What a refusal's challenges name beyond the realm: the {@code DPoP} challenge with the algorithms proofs may use
     * (RFC 9449 sections 7.1 and 8; none when no issuer accepts DPoP), the nonce to send in {@code DPoP-Nonce} (or
     * null), whether the request itself used the {@code DPoP} scheme (its errors then go in the {@code DPoP}
     * challenge), whether bearer tokens are accepted at all (else no {@code Bearer} challenge for a DPoP error), and
     * the {@code resource_metadata} URL of every challenge (RFC 9728 section 5.1, or null). Immutable.
     */
    public static final class Challenge {
        final String algorithms;
        final String nonce;
        final boolean schemeUsed;
        final boolean bearerAccepted;
        final String resourceMetadata;

        /**
         * The challenge of an engine's sender constraints, or null when it adds nothing to the plain {@code Bearer} one.
         *
         * @param schemeUsed true when the refused request used the {@code DPoP} scheme
         * @param resourceMetadata the URL of the protected resource metadata, or null
         */
        public static Challenge of(dev.zt.token.SenderConstraints constraints, boolean schemeUsed,
                String resourceMetadata) {
            boolean dpop = constraints.dpopAccepted();
            if (!dpop && resourceMetadata == null) {
                return null;
            }
            return new Challenge(dpop ? constraints.dpopAlgorithms() : null, dpop ? constraints.nonce().orElse(null)
                    : null, schemeUsed, constraints.bearerAccepted(), resourceMetadata);
        }

        /** A challenge description; {@code algorithms} null: no {@code DPoP} challenge. */
        public Challenge(java.util.Collection<String> algorithms, String nonce, boolean schemeUsed,
                boolean bearerAccepted, String resourceMetadata) {
            this.algorithms = algorithms == null ? null : String.join(" ", new java.util.TreeSet<>(algorithms));
            this.nonce = nonce;
            this.schemeUsed = schemeUsed;
            this.bearerAccepted = bearerAccepted;
            this.resourceMetadata = resourceMetadata;
        }
    }

    /**
     * The refusal an exception carries, itself or through one of its causes: {@link AccessDeniedException} (its
     * reason and scopes), {@link StepUpRequiredException} (RFC 9470), a {@link TokenRejectedException} from zt's API
     * (never with a challenge it does not carry), the EJB container's {@code EJBAccessException}, Jakarta EE's or
     * Java EE's ({@code insufficient_role}); {@code null} for any other exception.
     */
    public static Problem forException(Throwable t, String realm, long retryAfterSeconds) {
        return forException(t, realm, retryAfterSeconds, null);
    }

    /** As {@link #forException(Throwable, String, long)}, with what the challenges name beyond the realm. */
    public static Problem forException(Throwable t, String realm, long retryAfterSeconds, Challenge challenge) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof AccessDeniedException) {
                AccessDeniedException e = (AccessDeniedException) c;
                return of(e.reason(), realm, 0, e.scopes(), null, null, challenge);
            }
            if (c instanceof StepUpRequiredException) {
                StepUpRequiredException e = (StepUpRequiredException) c;
                return stepUp(realm, e.acr(), e.maxAge().orElse(null));
            }
            if (c instanceof TokenRejectedException) { // e.g. SessionManager.create on a full store
                RejectionReason r = ((TokenRejectedException) c).reason();
                boolean notCarried = r == RejectionReason.STEP_UP_REQUIRED || r == RejectionReason.INSUFFICIENT_SCOPE;
                return of(notCarried ? RejectionReason.ACCESS_DENIED : r, realm, retryAfterSeconds, null, null, null,
                        challenge);
            }
            if (EJB_ACCESS.contains(c.getClass().getName())) {
                return of(RejectionReason.INSUFFICIENT_ROLE, realm, 0);
            }
        }
        return null;
    }

    /** A step-up challenge (RFC 9470 section 3). */
    public static Problem stepUp(String realm, String acr, Duration maxAge) {
        return of(RejectionReason.STEP_UP_REQUIRED, realm, 0, null, acr, maxAge);
    }

    /** The refusal with every optional part, for bearer tokens only. */
    public static Problem of(RejectionReason reason, String realm, long retryAfterSeconds, Set<String> scopes,
            String acr, Duration maxAge) {
        return of(reason, realm, retryAfterSeconds, scopes, acr, maxAge, null);
    }

    /**
     * The refusal with every optional part. With a DPoP {@code challenge}, a 401 or an error challenge names both schemes (one
     * {@code WWW-Authenticate} field, two challenges, RFC 9110 section 11.6.1): the error goes in the {@code DPoP}
     * challenge for DPoP's own errors and for requests that used that scheme, else in the {@code Bearer} one.
     */
    public static Problem of(RejectionReason reason, String realm, long retryAfterSeconds, Set<String> scopes,
            String acr, Duration maxAge, Challenge challenge) {
        String description = reason.publicDetail();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Cache-Control", "no-store");
        headers.put("Pragma", "no-cache");
        if (reason.httpStatus() == 401 || reason.bearerError() != null) {
            boolean dpop = challenge != null && challenge.algorithms != null;
            boolean errorOnDpop = dpop && (challenge.schemeUsed || reason.isDpopError());
            String metadata = challenge == null || challenge.resourceMetadata == null ? ""
                    : ", resource_metadata=\"" + safe(challenge.resourceMetadata) + "\"";
            StringBuilder h = new StringBuilder();
            if (!dpop || challenge.bearerAccepted || !errorOnDpop) {
                h.append("Bearer realm=\"").append(safe(realm)).append('"').append(metadata);
                if (!errorOnDpop) {
                    appendError(h, reason, description, scopes, acr, maxAge);
                }
            }
            if (dpop) {
                h.append(h.length() == 0 ? "" : ", ").append("DPoP realm=\"").append(safe(realm)).append('"')
                        .append(metadata);
                if (errorOnDpop) {
                    appendError(h, reason, description, scopes, acr, maxAge);
                }
                h.append(", algs=\"").append(challenge.algorithms).append('"');
                if (challenge.nonce != null) {
                    headers.put("DPoP-Nonce", challenge.nonce);
                }
            }
            headers.put("WWW-Authenticate", h.toString());
        }
        if (reason.httpStatus() == 503) {
            headers.put("Retry-After", Long.toString(Math.max(1, retryAfterSeconds)));
        } else if (reason.httpStatus() == 429) {
            headers.put("Retry-After", Long.toString(RATE_LIMIT_RETRY_SECONDS));
        }
        JsonWriter json = JsonWriter.object(JsonWriter.UNLIMITED).field("type", TYPE_PREFIX + reason.code())
                .field("title", title(reason)).field("status", reason.httpStatus()).field("detail", description)
                .field("reason", reason.code());
        if (scopes != null) {
            json.field("scope", String.join(" ", scopes));
        }
        if (acr != null) {
            json.field("acr_values", acr);
            if (maxAge != null) {
                json.field("max_age", maxAge.toSeconds());
            }
        }
        return new AutoValue_Problem(reason, java.util.Collections.unmodifiableMap(headers), json.end());
    }

    private static void appendError(StringBuilder h, RejectionReason reason, String description, Set<String> scopes,
            String acr, Duration maxAge) {
        if (reason.bearerError() != null) {
            h.append(", error=\"").append(reason.bearerError()).append('"');
            h.append(", error_description=\"").append(safe(description)).append('"');
        }
        if (scopes != null) {
            h.append(", scope=\"").append(safe(String.join(" ", scopes))).append('"');
        }
        if (acr != null) {
            h.append(", acr_values=\"").append(safe(acr)).append('"');
            if (maxAge != null) {
                h.append(", max_age=\"").append(maxAge.toSeconds()).append('"');
            }
        }
    }

    /** Restricts text to RFC 6750's error_description characters (%x20-21 / %x23-5B / %x5D-7E), 200 at most. */
    public static String safe(String text) {
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
}
