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
     * The answer to a refused {@link Verdict} where DPoP is accepted ({@code dpop} null: bearer tokens only): the
     * {@code DPoP} challenge with the accepted algorithms (RFC 9449 section 7.1) beside the {@code Bearer} one.
     */
    public static Problem of(Verdict verdict, String realm, long retryAfterSeconds, Dpop dpop) {
        RejectionReason reason = verdict.reason().orElseThrow(() -> new IllegalArgumentException("not a refusal"));
        return of(reason, realm, retryAfterSeconds, verdict.scopes().orElse(null), verdict.acr().orElse(null),
                verdict.maxAge().orElse(null), dpop);
    }

    /**
     * How a refusal challenges for DPoP (RFC 9449 sections 7.1 and 8): the algorithms proofs may use, the nonce to
     * send in {@code DPoP-Nonce} (or null), whether the request itself used the {@code DPoP} scheme (its errors then
     * go in the {@code DPoP} challenge), and whether bearer tokens are accepted at all (else no {@code Bearer}
     * challenge). Immutable.
     */
    public static final class Dpop {
        final String algorithms;
        final String nonce;
        final boolean schemeUsed;
        final boolean bearerAccepted;

        /**
         * The challenge of an engine's sender constraints, or null when no issuer accepts DPoP.
         *
         * @param schemeUsed true when the refused request used the {@code DPoP} scheme
         */
        public static Dpop of(dev.zt.token.SenderConstraints constraints, boolean schemeUsed) {
            return !constraints.dpopAccepted() ? null : new Dpop(constraints.dpopAlgorithms(),
                    constraints.nonce().orElse(null), schemeUsed, constraints.bearerAccepted());
        }

        /** A DPoP challenge description. */
        public Dpop(java.util.Collection<String> algorithms, String nonce, boolean schemeUsed, boolean bearerAccepted) {
            this.algorithms = String.join(" ", new java.util.TreeSet<>(algorithms));
            this.nonce = nonce;
            this.schemeUsed = schemeUsed;
            this.bearerAccepted = bearerAccepted;
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

    /** As {@link #forException(Throwable, String, long)}, with the {@code DPoP} challenge where DPoP is accepted. */
    public static Problem forException(Throwable t, String realm, long retryAfterSeconds, Dpop dpop) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof AccessDeniedException) {
                AccessDeniedException e = (AccessDeniedException) c;
                return of(e.reason(), realm, 0, e.scopes(), null, null, dpop);
            }
            if (c instanceof StepUpRequiredException) {
                StepUpRequiredException e = (StepUpRequiredException) c;
                return stepUp(realm, e.acr(), e.maxAge().orElse(null));
            }
            if (c instanceof TokenRejectedException) { // e.g. SessionManager.create on a full store
                RejectionReason r = ((TokenRejectedException) c).reason();
                boolean challenge = r == RejectionReason.STEP_UP_REQUIRED || r == RejectionReason.INSUFFICIENT_SCOPE;
                return of(challenge ? RejectionReason.ACCESS_DENIED : r, realm, retryAfterSeconds, null, null, null,
                        dpop);
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
     * The refusal with every optional part. With {@code dpop}, a 401 or an error challenge names both schemes (one
     * {@code WWW-Authenticate} field, two challenges, RFC 9110 section 11.6.1): the error goes in the {@code DPoP}
     * challenge for DPoP's own errors and for requests that used that scheme, else in the {@code Bearer} one.
     */
    public static Problem of(RejectionReason reason, String realm, long retryAfterSeconds, Set<String> scopes,
            String acr, Duration maxAge, Dpop dpop) {
        String description = reason.publicDetail();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Cache-Control", "no-store");
        headers.put("Pragma", "no-cache");
        boolean challenge = reason.httpStatus() == 401 || reason.bearerError() != null;
        if (challenge) {
            boolean errorOnDpop = dpop != null && (dpop.schemeUsed || reason.isDpopError());
            StringBuilder h = new StringBuilder();
            if (dpop == null || dpop.bearerAccepted || !errorOnDpop) {
                h.append("Bearer realm=\"").append(safe(realm)).append('"');
                if (!errorOnDpop) {
                    appendError(h, reason, description, scopes, acr, maxAge);
                }
            }
            if (dpop != null) {
                h.append(h.length() == 0 ? "" : ", ").append("DPoP realm=\"").append(safe(realm)).append('"');
                if (errorOnDpop) {
                    appendError(h, reason, description, scopes, acr, maxAge);
                }
                h.append(", algs=\"").append(dpop.algorithms).append('"');
                if (dpop.nonce != null) {
                    headers.put("DPoP-Nonce", dpop.nonce);
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

    /**
     * This refusal with the {@code resource_metadata} parameter (RFC 9728 section 5.1) in each of its challenges: where
     * a client finds the protected resource metadata. Unchanged without a challenge or for a null {@code url}.
     */
    public Problem withResourceMetadata(String url) {
        String challenge = headers().get("WWW-Authenticate");
        if (url == null || challenge == null) {
            return this;
        }
        String param = ", resource_metadata=\"" + safe(url) + "\"";
        StringBuilder out = new StringBuilder(challenge.length() + 2 * param.length());
        int from = 0;
        for (int at = challenge.indexOf("realm=\"", from); at >= 0; at = challenge.indexOf("realm=\"", from)) {
            int end = challenge.indexOf('"', at + 7) + 1; // the realm has no quote (zt.realm is checked)
            out.append(challenge, from, end).append(param);
            from = end;
        }
        out.append(challenge.substring(from));
        Map<String, String> h = new LinkedHashMap<>(headers());
        h.put("WWW-Authenticate", out.toString());
        return new AutoValue_Problem(reason(), java.util.Collections.unmodifiableMap(h), text());
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
