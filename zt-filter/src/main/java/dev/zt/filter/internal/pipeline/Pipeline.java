package dev.zt.filter.internal.pipeline;

import dev.zt.ZeroTrust;
import dev.zt.filter.internal.settings.FilterSettings;
import dev.zt.policy.Verdict;
import dev.zt.token.RejectionReason;
import dev.zt.token.TokenRejectedException;
import dev.zt.token.VerifiedToken;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The enforcement point's decision as a fixed sequence of small stages (NIST SP 800-207 PEP asking the PE): firewall
 * and request model, zt's endpoints, public paths, authentication, proof of possession, session and refresh, CSRF,
 * device, risk, and authorization (grants, risk, {@code max-risk}, step-ups last). The first verdict ends it; a request
 * that passes every stage is granted. Never throws for anything a request can cause: a token rejection is a refusal
 * with its reason, anything else {@code zt_unavailable}.
 *
 * <p>The stages up to the session are the request's <em>authentication</em>, which zt-cdi's Jakarta Security mechanism
 * asks for before the filter runs ({@link #authenticate}); its outcome is kept on the request, so the filter continues
 * from there instead of verifying twice.
 */
public final class Pipeline {

    private static final System.Logger LOG = System.getLogger("dev.zt.filter");
    private static final String MEMO = Pipeline.class.getName() + ".authentication";

    private final FirewallStage firewall;
    private final EndpointStage endpoints;
    private final PublicPathStage publicPaths;
    private final DeviceStage devices;
    private final ZeroTrust engine;
    /** Authentication: credential, verification, session, the provider session of a browser login. */
    private final List<Stage> authentication;
    /** Authorization: CSRF, device, risk, the composed policy. */
    private final List<Stage> authorization;

    /**
     * Builds the pipeline of an engine and its filter settings; {@code endpoints} maps the decoded paths of zt's
     * endpoints to them.
     */
    public Pipeline(Wiring w, Map<String, Endpoint> endpoints) {
        FilterSettings s = w.settings;
        this.devices = w.devices;
        this.engine = w.engine;
        this.endpoints = new EndpointStage(endpoints);
        this.firewall = new FirewallStage(s.clientAddresses);
        this.publicPaths = new PublicPathStage(s.publicPaths);
        this.authentication = List.of(new AuthenticateStage(w), w.proofs, new SessionStage(w),
                new ProviderSessionStage(w));
        this.authorization = List.of(w.csrf, w.devices, new RiskStage(w), new AuthorizeStage(w));
    }

    /** The device stage (for the device id of public-path requests). */
    public DeviceStage devices() {
        return devices;
    }

    /** Decides the request; the exchange holds what was established. */
    public Verdict decide(Exchange x) {
        Memo memo = memo(x.request);
        if (memo != null) { // zt-cdi's mechanism authenticated this request already
            memo.restore(x);
            return memo.publicPath ? Verdict.grant() : memo.verdict != null ? memo.verdict
                    : run(x, authorization, Verdict.grant());
        }
        Verdict v = run(x, List.of(firewall, endpoints, publicPaths), null);
        if (v != null) {
            return v;
        }
        v = run(x, authentication, null);
        return v != null ? v : run(x, authorization, Verdict.grant());
    }

    /**
     * The request's authentication only (firewall, public paths, credential, verification, session), for the
     * container's identity: the verified caller, or empty for a public path, zt's endpoints, a missing or refused
     * credential, or a refused request. Kept on the request, so that the filter continues from it. Never throws.
     */
    public Optional<VerifiedToken> authenticate(HttpServletRequest request, HttpServletResponse response) {
        Memo memo = memo(request);
        if (memo == null) {
            Exchange x = new Exchange(request, response);
            Verdict v = run(x, List.of(firewall), null);
            if (v == null && endpoints.handles(x)) {
                return Optional.empty(); // endpoints answer themselves: the filter runs them in full
            }
            boolean publicPath = v == null && publicPaths.isPublic(x.path);
            if (v == null && !publicPath) {
                x.beginStoreWork(engine); // the filter resumes this budget: one store timeout for the request
                try {
                    v = run(x, authentication, null);
                } finally {
                    x.endStoreWork();
                }
            }
            memo = new Memo(x, v, publicPath);
            request.setAttribute(MEMO, memo);
        }
        return memo.verdict == null && !memo.publicPath ? Optional.ofNullable(memo.token) : Optional.empty();
    }

    /** Runs stages in order: the first verdict, else {@code otherwise}. */
    private static Verdict run(Exchange x, List<Stage> stages, Verdict otherwise) {
        try {
            for (Stage s : stages) {
                Optional<Verdict> v = s.apply(x);
                if (v.isPresent()) {
                    return v.get();
                }
            }
            return otherwise;
        } catch (TokenRejectedException e) {
            return refusal(e);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.ERROR, "zt failed while deciding {0} {1} ({2}); refusing the request", x.method, x.path(),
                    e.getClass().getName());
            return Verdict.refuse(RejectionReason.ZT_UNAVAILABLE, "zt could not decide (" + e.getClass().getName()
                    + ")");
        }
    }

    /** A token rejection as a refusal with its reason. */
    public static Verdict refusal(TokenRejectedException e) {
        RejectionReason r = e.reason();
        if (r == RejectionReason.STEP_UP_REQUIRED || r == RejectionReason.INSUFFICIENT_SCOPE) {
            r = RejectionReason.ACCESS_DENIED; // never thrown with a challenge; refuse without inventing one
        }
        return Verdict.refuse(r, e.description());
    }

    private static Memo memo(HttpServletRequest request) {
        Object m = request.getAttribute(MEMO);
        return m instanceof Memo ? (Memo) m : null;
    }

    /** What the authentication stages established, kept on the request. */
    private static final class Memo {
        final Exchange authenticated;
        final VerifiedToken token;
        final Verdict verdict;
        final boolean publicPath;

        Memo(Exchange x, Verdict verdict, boolean publicPath) {
            this.authenticated = x;
            this.token = x.token;
            this.verdict = verdict;
            this.publicPath = publicPath;
        }

        void restore(Exchange x) {
            x.adopt(authenticated);
        }
    }
}
