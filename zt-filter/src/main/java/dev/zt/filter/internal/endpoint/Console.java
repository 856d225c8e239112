package dev.zt.filter.internal.endpoint;

import dev.zt.filter.internal.pipeline.ConsolePage;
import dev.zt.filter.internal.pipeline.Exchange;
import dev.zt.filter.internal.pipeline.Wiring;
import dev.zt.internal.json.JsonWriter;
import dev.zt.internal.monitoring.DecisionHistory;
import dev.zt.internal.monitoring.DefaultDecisionLog;
import dev.zt.session.SessionView;
import dev.zt.spi.event.SecurityEvent;
import dev.zt.token.TokenRejectedException;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The roll-out console under {@code {prefix}/console}: one page (HTML, script and style from zt's jar, no third-party
 * code) and its JSON API — {@code GET api/activity?window=1h|6h|24h|7d} (the {@link DecisionHistory} of this node,
 * or of every node when they share a cluster's store),
 * {@code GET api/health} (the health view), {@code GET api/sessions[?subject=]} (a subject's sessions, else the
 * ones begun lately) and {@code POST api/revoke}
 * ({@code session=<id>}, CSRF-checked by the pipeline for
 * cookie sessions like any state change). Reached only through the console's path rule ({@code zt.console.role} and
 * {@code zt.console.acr}). Every answer carries a strict Content-Security-Policy of its own (no inline script or style,
 * nothing from elsewhere, no framing), {@code no-store} and {@code nosniff}.
 */
public final class Console implements ConsolePage {

    /** The page's policy: its own script and style only, its own API only, never framed. */
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self';"
            + " connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
    private static final Map<String, Duration> WINDOWS = Map.of("1h", Duration.ofHours(1), "6h", Duration.ofHours(6),
            "24h", Duration.ofHours(24), "7d", Duration.ofDays(7));
    private static final int MAX = 300;
    private static final java.util.Set<String> KNOWN = java.util.Set.of("", "/", "/console.js", "/console.css",
            "/api/activity", "/api/health", "/api/sessions", "/api/revoke");

    private final Wiring w;
    private final String base;
    private final String html;
    private final byte[] script;
    private final byte[] style;

    /** Creates the console of a runtime; from now on the engine keeps its decision history. */
    public Console(Wiring wiring) {
        this.w = wiring;
        this.base = wiring.settings.prefix + "/console";
        ((DefaultDecisionLog) wiring.engine.events()).history(); // kept (and shared) from now on
        this.html = new String(resource("index.html"), StandardCharsets.UTF_8);
        this.script = resource("console.js");
        this.style = resource("console.css");
    }

    private static byte[] resource(String name) {
        try (InputStream in = Console.class.getResourceAsStream("/dev/zt/filter/console/" + name)) {
            if (in == null) {
                throw new IllegalStateException("zt-filter's jar lacks the console's " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public boolean handles(String path) {
        return path != null && (path.equals(base) || path.startsWith(base + "/"));
    }

    @Override
    public void serve(Exchange x) throws IOException {
        HttpServletResponse res = x.response();
        res.setHeader("Content-Security-Policy", CSP);
        res.setHeader("X-Content-Type-Options", "nosniff");
        res.setHeader("Referrer-Policy", "no-referrer");
        res.setHeader("Cache-Control", "no-store");
        res.setHeader("X-Frame-Options", "DENY");
        res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
        res.setHeader("Cross-Origin-Resource-Policy", "same-origin");
        String rest = x.path().substring(base.length());
        boolean get = x.method().equals("GET");
        if (get && (rest.isEmpty() || rest.equals("/"))) {
            Bodies.send(res, 200, "text/html; charset=utf-8", page(x).getBytes(StandardCharsets.UTF_8));
        } else if (get && rest.equals("/console.js")) {
            Bodies.send(res, 200, "text/javascript; charset=utf-8", script);
        } else if (get && rest.equals("/console.css")) {
            Bodies.send(res, 200, "text/css; charset=utf-8", style);
        } else if (get && rest.equals("/api/activity")) {
            activity(x);
        } else if (get && rest.equals("/api/health")) {
            json(res, 200, HealthEndpoint.json(w.engine.health()));
        } else if (get && rest.equals("/api/sessions")) {
            try {
                sessions(x);
            } catch (TokenRejectedException e) {
                unavailable(x, e);
            }
        } else if (x.method().equals("POST") && rest.equals("/api/revoke")) {
            revoke(x);
        } else if (KNOWN.contains(rest)) {
            res.setHeader("Allow", rest.equals("/api/revoke") ? "POST" : "GET");
            Bodies.json(res, 405, "error", "method_not_allowed");
        } else {
            Bodies.json(res, 404, "error", "not_found");
        }
    }

    private String page(Exchange x) {
        String root = x.request().getContextPath() + base;
        return html.replace("{{root}}", escape(root)).replace("{{application}}", escape(application()))
                .replace("{{mode}}", w.settings.reportOnly ? "report-only" : "enforce")
                .replace("{{operator}}", escape(x.token().subject().orElse("")))
                .replace("{{csrfCookie}}", escape(w.settings.csrfCookie))
                .replace("{{csrfHeader}}", escape(w.settings.csrfHeader))
                .replace("{{csrf}}", escape(x.csrfToken() == null ? "" : x.csrfToken()));
    }

    private String application() {
        return ((DefaultDecisionLog) w.engine.events()).application();
    }

    private void activity(Exchange x) throws IOException {
        String param = x.request().getParameter("window");
        Duration window = WINDOWS.get(param == null ? "24h" : param);
        if (window == null) {
            Bodies.json(x.response(), 400, "error", "invalid_request", "error_description",
                    "window must be one of 1h, 6h, 24h, 7d");
            return;
        }
        DefaultDecisionLog log = (DefaultDecisionLog) w.engine.events();
        DefaultDecisionLog.ClusterView cluster = log.clusterView(window);
        DecisionHistory.View v = cluster.view;
        StringBuilder timeline = new StringBuilder("[");
        for (DecisionHistory.Point p : v.timeline) {
            if (timeline.length() > 1) {
                timeline.append(',');
            }
            JsonWriter point = JsonWriter.object(MAX).field("start", p.start.toString());
            for (int i = 0; i < DecisionHistory.DECISIONS.size(); i++) {
                point.field(DecisionHistory.DECISIONS.get(i), p.counts[i]);
            }
            timeline.append(point.end());
        }
        StringBuilder refusals = new StringBuilder("[");
        for (DecisionHistory.Refusals r : v.refusals) {
            if (refusals.length() > 1) {
                refusals.append(',');
            }
            refusals.append(JsonWriter.object(MAX).field("path", r.pathTemplate).field("decision", r.decision)
                    .field("reason", r.reason).field("count", r.count).numbers("top_subjects", r.topSubjects)
                    .numbers("top_clients", r.topClients).end());
        }
        JsonWriter totals = JsonWriter.object(MAX);
        for (int i = 0; i < DecisionHistory.DECISIONS.size(); i++) {
            totals.field(DecisionHistory.DECISIONS.get(i), v.totals[i]);
        }
        json(x.response(), 200, JsonWriter.object(MAX).field("application", application())
                .field("mode", w.settings.reportOnly ? "report-only" : "enforce")
                .field("scope", log.sharesActivity() ? "cluster" : "node").field("nodes", cluster.nodes)
                .field("cluster_problem", cluster.problem)
                .field("from", v.from.toString()).field("to", v.to.toString())
                .field("step_minutes", v.step.toMinutes()).raw("totals", totals.end())
                .raw("timeline", timeline.append(']').toString()).raw("refusals", refusals.append(']').toString())
                .numbers("signals", v.signals).end());
    }

    /** The recent sessions listed without a subject. */
    private static final int RECENT = 20;

    private void sessions(Exchange x) throws IOException {
        String subject = x.request().getParameter("subject");
        if (subject != null && (subject.isBlank() || subject.length() > 255)) {
            Bodies.json(x.response(), 400, "error", "invalid_request", "error_description",
                    "subject must not be blank (at most 255 characters)");
            return;
        }
        List<SessionView> found = new java.util.ArrayList<>();
        if (subject != null) {
            found.addAll(w.engine.sessions().sessionsOf(subject));
        } else { // the sessions begun lately (on every node, with a cluster's store), as they stand now
            for (DecisionHistory.RecentSession r : ((DefaultDecisionLog) w.engine.events())
                    .clusterView(Duration.ofHours(1)).recentSessions) {
                if (found.size() == RECENT) {
                    break;
                }
                w.engine.sessions().find(r.id).ifPresent(found::add);
            }
        }
        StringBuilder list = new StringBuilder("[");
        for (SessionView s : found) {
            if (list.length() > 1) {
                list.append(',');
            }
            list.append(JsonWriter.object(MAX).field("id", s.id()).field("subject", s.subject())
                    .field("created", s.createdAt().toString())
                    .field("last_seen", s.lastSeenAt().toString()).field("acr", s.acr().orElse(null))
                    .field("device", s.deviceId().orElse(null)).field("issuer", s.originIssuer().orElse(null))
                    .field("revoked", s.revoked()).end());
        }
        json(x.response(), 200, JsonWriter.object(MAX).field("subject", subject)
                .raw("sessions", list.append(']').toString()).end());
    }

    private void revoke(Exchange x) throws IOException {
        String id = x.application().getParameter("session");
        Optional<SessionView> session;
        try {
            session = id == null || id.length() > 255 ? Optional.empty() : w.engine.sessions().find(id);
        } catch (TokenRejectedException e) {
            unavailable(x, e);
            return;
        }
        if (session.isEmpty()) {
            Bodies.json(x.response(), 404, "error", "not_found", "error_description", "no such session");
            return;
        }
        try {
            w.engine.sessions().revoke(id);
        } catch (TokenRejectedException e) {
            unavailable(x, e);
            return;
        }
        SecurityEvent.Builder e = w.events.of(x, "session_revoked").subject(session.get().subject())
                .sessionId(id).detail("revoked from the console by " + x.token().subject().orElse("?"));
        session.get().originIssuer().ifPresent(e::issuer);
        w.events.emit(e);
        json(x.response(), 200, JsonWriter.object(MAX).field("revoked", true).end());
    }

    private static void json(HttpServletResponse res, int status, String body) throws IOException {
        Bodies.send(res, status, "application/json", body.getBytes(StandardCharsets.UTF_8));
    }

    /** A store that does not answer (sessions, revocations): 503, never a 500. */
    private void unavailable(Exchange x, TokenRejectedException e) throws IOException {
        x.response().setHeader("Retry-After", String.valueOf(w.settings.retryAfterSeconds));
        Bodies.json(x.response(), 503, "error", e.reason().code());
    }

    /** Text for HTML content and quoted attributes. */
    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '&') {
                out.append("&amp;");
            } else if (c == '<') {
                out.append("&lt;");
            } else if (c == '>') {
                out.append("&gt;");
            } else if (c == '"') {
                out.append("&quot;");
            } else if (c == '\'') {
                out.append("&#39;");
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
