package dev.zt.filter.internal.pipeline;

import dev.zt.filter.internal.request.FetchMetadata;
import dev.zt.filter.internal.request.FormBody;
import dev.zt.filter.internal.settings.FilterSettings;
import dev.zt.filter.internal.request.RequestRejectedException;
import dev.zt.policy.Verdict;
import dev.zt.token.RejectionReason;
import jakarta.servlet.http.HttpServletRequest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Cookie-mode requests that change state must come from the application's own pages: a same-origin check
 * ({@code Sec-Fetch-Site}, {@code Origin}) and the session's double-submit token, in the CSRF header or, for an HTML
 * form, in the form field of the <em>body</em> (read by zt with a bound; a token in the query string never counts).
 * Bearer-header requests are not exposed to CSRF and pass.
 *
 * <p>Safe cookie-mode requests that another origin's page made the browser send without its user (anything but a
 * top-level navigation the user activated: {@link FetchMetadata#userMadeIt}) are refused too, before anything is
 * decided or recorded about them. A page on the same site (a sibling subdomain, another port: the
 * {@code SameSite=Strict} cookie is sent to it) could otherwise make its visitors' browsers send any number of
 * requests with their session: each refusal would count as the session owner's authorization failure, each request
 * towards its request rate, and both revoke the session after their maximum; the requests would also teach the
 * behaviour profile what the user never did, and could read what a resource answers through side channels.
 */
public final class CsrfStage implements Stage {

    private final FilterSettings settings;

    /** Creates the check ({@code zt.csrf.*}, {@code zt.form.*}). */
    public CsrfStage(FilterSettings settings) {
        this.settings = settings;
    }

    @Override
    public Optional<Verdict> apply(Exchange x) throws IOException {
        if (x.credential == null || !x.credential.fromCookie()) {
            return Optional.empty();
        }
        if (!x.unsafe()) {
            return FetchMetadata.userMadeIt(x.request) ? Optional.empty()
                    : refuse("another origin's page made the browser send it (Sec-Fetch-Site " + site(x.request) + ")");
        }
        return x.session == null ? Optional.empty() : check(x, x.csrfToken);
    }

    /** The check for a cookie-authenticated request of a session (the logout endpoint uses it too). */
    public Optional<Verdict> check(Exchange x, String csrfToken) throws IOException {
        HttpServletRequest req = x.request;
        if (FetchMetadata.crossOrigin(req)) {
            return refuse("cross-site request (Sec-Fetch-Site " + site(req) + ")");
        }
        String origin = req.getHeader("Origin");
        if (origin != null && !origin.equalsIgnoreCase(ownOrigin(req))) {
            return refuse("the request comes from another origin");
        }
        String submitted = req.getHeader(settings.csrfHeader);
        if (submitted == null && FormBody.isForm(req)) {
            try {
                FormBody body = FormBody.read(req, settings.formMaxBytes, settings.formMaxFields);
                x.application = body.wrap(x.application, settings.formMaxFields);
                List<String> values = body.values(settings.csrfParameter);
                submitted = values.size() == 1 ? values.get(0) : null;
            } catch (RequestRejectedException e) {
                return Optional.of(Verdict.refuse(RejectionReason.REQUEST_REJECTED, e.getMessage()));
            }
        }
        if (submitted == null || !MessageDigest.isEqual(submitted.getBytes(StandardCharsets.UTF_8),
                csrfToken.getBytes(StandardCharsets.UTF_8))) {
            return refuse("missing or wrong " + settings.csrfHeader + " header (or " + settings.csrfParameter
                    + " form field in the body)");
        }
        return Optional.empty();
    }

    private static Optional<Verdict> refuse(String detail) {
        return Optional.of(Verdict.refuse(RejectionReason.CSRF_REJECTED, detail));
    }

    /** The {@code Sec-Fetch-Site} value for the audit detail, bounded (it is the client's). */
    private static String site(HttpServletRequest req) {
        String site = req.getHeader("Sec-Fetch-Site").toLowerCase(Locale.ROOT);
        return site.length() <= 20 ? site : site.substring(0, 20) + "…";
    }

    private static String ownOrigin(HttpServletRequest req) {
        String host = req.getHeader("Host");
        return req.getScheme() + "://" + (host != null ? host : req.getServerName() + ":" + req.getServerPort());
    }
}
