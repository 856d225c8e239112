package dev.zt.internal.authzen;

import com.github.benmanes.caffeine.cache.Cache;
import dev.zt.config.AuthzenSettings;
import dev.zt.internal.cache.Caches;
import dev.zt.internal.json.JsonException;
import dev.zt.internal.keys.ClientTls;
import dev.zt.internal.json.JsonWriter;
import dev.zt.internal.json.StrictJson;
import dev.zt.internal.net.JsonHttp;
import dev.zt.monitoring.DecisionLog;
import dev.zt.policy.AccessRequest;
import dev.zt.policy.PolicyDecisionPoint;
import dev.zt.policy.Verdict;
import dev.zt.spi.event.SecurityEvent;
import dev.zt.token.RejectionReason;
import dev.zt.token.VerifiedToken;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Semaphore;

/**
 * zt's {@link PolicyDecisionPoint}: an OpenID AuthZEN Authorization API 1.0 client. The endpoints come from the PDP's
 * {@code /.well-known/authzen-configuration} (its {@code policy_decision_point} must be the configured URL, and its
 * endpoints on the same origin: a document naming another PDP is refused, the mix-up check), else the default paths
 * when the PDP publishes none. Each call has one deadline ({@code zt.authzen.timeout}), at most {@code
 * zt.authzen.max-concurrent} are in flight (more fail at once), answers are capped at 64 KiB, and every failure is
 * {@code pdp_unavailable}. Grants and denies are cached by the full request (but the session's age) for {@code
 * zt.authzen.cache.ttl}, never past the token's {@code exp}: a step-up or another session changes the request and so
 * the key, and a revoked token never reaches the PDP.
 */
public final class AuthzenClient implements PolicyDecisionPoint {

    private static final System.Logger LOG = System.getLogger("dev.zt.authzen");
    private static final int MAX_ANSWER_BYTES = 64 * 1024;
    /** How long a failed discovery is remembered before the next request tries again. */
    private static final Duration DISCOVERY_RETRY = Duration.ofSeconds(5);

    private final AuthzenSettings settings;
    private final URI pdp;
    /** The static bearer token, or with a token endpoint the client secret. */
    private final String secret;
    private final Object tokenLock = new Object();
    private volatile String accessToken;
    private volatile long accessTokenUntil;
    private final Clock clock;
    private final DecisionLog log;
    private final JsonHttp http;
    private final ClientTls tls;
    private final Semaphore inFlight;
    private final Cache<String, Cached> cache;
    private final Object discoveryLock = new Object();
    private volatile Endpoints endpoints;
    /** When discovery last failed (0: it has not). */
    private volatile long discoveryFailedAt;

    private static final class Endpoints {
        final URI evaluation;
        final URI evaluations;

        Endpoints(URI evaluation, URI evaluations) {
            this.evaluation = evaluation;
            this.evaluations = evaluations;
        }
    }

    private static final class Cached {
        final Verdict verdict;
        final long until;

        Cached(Verdict verdict, long until) {
            this.verdict = verdict;
            this.until = until;
        }
    }

    /**
     * A client of the configured PDP; {@code bearer} the resolved secret ({@code zt.authzen.secret}): the bearer
     * token, or the client secret when a token endpoint is configured; null for none.
     */
    public AuthzenClient(AuthzenSettings settings, String bearer, Clock clock, DecisionLog log) {
        this(settings, bearer, null, clock, log);
    }

    /**
     * As {@link #AuthzenClient(AuthzenSettings, String, Clock, DecisionLog)}, over this TLS side (CA file, client
     * certificate: mutual TLS), or null for the JVM's defaults.
     */
    public AuthzenClient(AuthzenSettings settings, String bearer, ClientTls tls, Clock clock, DecisionLog log) {
        this.settings = settings;
        this.pdp = settings.pdp().orElseThrow(() -> new IllegalArgumentException("no zt.authzen.pdp"));
        this.secret = bearer;
        this.clock = clock;
        this.log = log;
        this.http = new JsonHttp(settings.timeout(), settings.timeout(), settings.timeout(), MAX_ANSWER_BYTES,
                tls == null ? null : tls.context());
        this.tls = tls;
        this.inFlight = new Semaphore(settings.maxConcurrent());
        this.cache = settings.cacheTtl().isZero() || settings.cacheMaxEntries() == 0 ? null
                : Caches.builder(clock, settings.cacheMaxEntries()).expireAfter(Caches.<String, Cached>until(clock,
                        c -> c.until)).build();
    }

    @Override
    public boolean shadow() {
        return settings.shadow();
    }

    @Override
    public Verdict decide(AccessRequest request, String action, String resourceType, String resourceId) {
        String subject = subject(request.token());
        String act = JsonWriter.object(JsonWriter.UNLIMITED).field("name", action).end();
        String resource = resource(resourceType, resourceId);
        String body = JsonWriter.object(JsonWriter.UNLIMITED).raw("subject", subject).raw("action", act)
                .raw("resource", resource).raw("context", context(request, true)).end();
        // the cache key is the request without the session's age, which changes every second
        String key = cache == null || request.sessionCreatedAt().isEmpty() ? body : JsonWriter.object(
                JsonWriter.UNLIMITED).raw("subject", subject).raw("action", act).raw("resource", resource)
                .raw("context", context(request, false)).end();
        if (cache != null) {
            Cached hit = cache.getIfPresent(key);
            if (hit != null) {
                return hit.verdict;
            }
        }
        Map<String, Object> answer;
        try {
            answer = call(false, body, request.requestId().orElse(null));
        } catch (IOException e) {
            return unavailable(e.getMessage());
        }
        Verdict v = verdictOf(answer, resourceType, resourceId, action);
        if (v == null) {
            return unavailable("the answer has no boolean decision");
        }
        remember(key, v, request.token());
        return v;
    }

    @Override
    public List<Verdict> decideAll(AccessRequest request, String action, String resourceType, List<String> resourceIds,
            Semantics semantics) {
        Objects.requireNonNull(semantics, "semantics");
        if (resourceIds.isEmpty()) {
            return List.of();
        }
        StringBuilder evaluations = new StringBuilder("[");
        for (String id : resourceIds) {
            if (evaluations.length() > 1) {
                evaluations.append(',');
            }
            evaluations.append(JsonWriter.object(JsonWriter.UNLIMITED).raw("resource", resource(resourceType, id))
                    .end());
        }
        String body = JsonWriter.object(JsonWriter.UNLIMITED).raw("subject", subject(request.token()))
                .raw("action", JsonWriter.object(JsonWriter.UNLIMITED).field("name", action).end())
                .raw("context", context(request, true)).raw("evaluations", evaluations.append(']').toString())
                .raw("options", JsonWriter.object(JsonWriter.UNLIMITED).field("evaluations_semantic",
                        semantics.wire()).end()).end();
        List<Verdict> out = new ArrayList<>(resourceIds.size());
        Map<String, Object> answer;
        try {
            answer = call(true, body, request.requestId().orElse(null));
        } catch (IOException e) {
            return Collections.nCopies(resourceIds.size(), unavailable(e.getMessage()));
        }
        Object list = answer.get("evaluations");
        if (!(list instanceof List) || ((List<?>) list).size() > resourceIds.size()
                || semantics == Semantics.EXECUTE_ALL && ((List<?>) list).size() != resourceIds.size()) {
            return Collections.nCopies(resourceIds.size(), unavailable("the answer's evaluations do not match the"
                    + " request"));
        }
        for (int i = 0; i < resourceIds.size(); i++) {
            Verdict v = null;
            if (i < ((List<?>) list).size() && ((List<?>) list).get(i) instanceof Map) {
                @SuppressWarnings("unchecked")
                Map<String, Object> one = (Map<String, Object>) ((List<?>) list).get(i);
                v = verdictOf(one, resourceType, resourceIds.get(i), action);
                if (v == null) {
                    return Collections.nCopies(resourceIds.size(), unavailable("evaluation " + i
                            + " has no boolean decision"));
                }
            }
            out.add(v != null ? v : Verdict.refuse(RejectionReason.PDP_DENIED, "not evaluated (" + semantics.wire()
                    + ")"));
        }
        return List.copyOf(out);
    }

    @Override
    public void reportDisagreement(AccessRequest request, String action, String resourceType, String resourceId,
            Verdict local, Verdict pdpVerdict) {
        VerifiedToken t = request.token();
        log.emit(SecurityEvent.builder(clock.instant(), "pdp_disagreement").subject(t.subject().orElse(null))
                .issuer(t.issuerName()).clientAddress(request.clientAddress().orElse(null))
                .method(request.method()).path(request.path()).decision(pdpVerdict.granted() ? "ALLOW"
                        : pdpVerdict.isStepUp() ? "STEP_UP" : "DENY")
                .reason(pdpVerdict.reason().map(RejectionReason::code).orElse(null)).mode("shadow")
                .detail(resourceType + (resourceId == null ? "" : ":" + resourceId) + " " + action + ": local "
                        + describe(local) + ", pdp " + describe(pdpVerdict)).build());
        // counted (JMX reason.pdp_disagreement, Micrometer zt.reasons): what an operator watches before enforcing
        log.countReason("pdp_disagreement");
    }

    private static String describe(Verdict v) {
        return v.granted() ? "allow" : v.isStepUp() ? "step-up " + v.acr().orElse("")
                : "deny " + v.reason().map(RejectionReason::code).orElse("");
    }

    /** {@code true}: grant; {@code false}: a step-up when the context asks for one, else {@code pdp_denied}. */
    private static Verdict verdictOf(Map<String, Object> answer, String type, String id, String action) {
        Object decision = answer.get("decision");
        if (!(decision instanceof Boolean)) {
            return null;
        }
        if ((Boolean) decision) {
            return Verdict.grant();
        }
        Object context = answer.get("context");
        String why = "the PDP denied " + action + " on " + type + (id == null ? "" : ":" + id);
        if (context instanceof Map) {
            Map<?, ?> c = (Map<?, ?>) context;
            Object reason = c.get("reason_admin") != null ? c.get("reason_admin") : c.get("reason");
            if (reason != null) {
                why += " (" + shorten(reason instanceof Map ? ((Map<?, ?>) reason).values().toString()
                        : reason.toString()) + ")";
            }
            Object acr = c.get("acr_values");
            if (acr instanceof String && !((String) acr).isBlank()) {
                Object maxAge = c.get("max_age");
                Duration age = maxAge instanceof Long && (Long) maxAge >= 0 ? Duration.ofSeconds((Long) maxAge) : null;
                return Verdict.stepUp(((String) acr).trim().split("\\s+")[0], age, why);
            }
        }
        return Verdict.refuse(RejectionReason.PDP_DENIED, why);
    }

    private static String shorten(String s) {
        String printable = s.replaceAll("[^\\x20-\\x7e]", "?");
        return printable.length() > 200 ? printable.substring(0, 200) + "..." : printable;
    }

    private void remember(String body, Verdict v, VerifiedToken token) {
        if (cache == null) {
            return;
        }
        long until = Math.min(clock.millis() + settings.cacheTtl().toMillis(), token.expiresAt().toEpochMilli());
        if (until > clock.millis()) {
            cache.put(body, new Cached(v, until));
        }
    }

    private Verdict unavailable(String why) {
        LOG.log(Level.WARNING, "the AuthZEN PDP {0} could not decide: {1}", pdp, why);
        return Verdict.refuse(RejectionReason.PDP_UNAVAILABLE, "the PDP could not decide (" + why + ")");
    }

    private Map<String, Object> call(boolean batch, String body, String requestId) throws IOException {
        if (!inFlight.tryAcquire()) {
            throw new IOException(settings.maxConcurrent() + " calls in flight (zt.authzen.max-concurrent)");
        }
        try {
            if (tls != null) {
                tls.checkRotation();
            }
            Endpoints e = endpoints();
            JsonHttp.Answer a = http.sendJson("POST", batch ? e.evaluations : e.evaluation, body, bearer(),
                    requestId == null ? Map.of() : Map.of("X-Request-ID", requestId));
            if (a.status != 200) {
                throw new IOException("status " + a.status);
            }
            return object(a, "the answer");
        } finally {
            inFlight.release();
        }
    }

    /**
     * The bearer token for the PDP: the static secret, or an access token of the client credentials grant (RFC 6749
     * section 4.4), reused until a minute before it expires (it fails closed when the grant fails).
     */
    private String bearer() throws IOException {
        if (settings.tokenEndpoint().isEmpty()) {
            return secret;
        }
        String t = accessToken;
        if (t != null && clock.millis() < accessTokenUntil) {
            return t;
        }
        synchronized (tokenLock) {
            if (accessToken != null && clock.millis() < accessTokenUntil) {
                return accessToken;
            }
            String clientId = settings.clientId().orElseThrow();
            // RFC 8705 section 2: without a secret the client certificate authenticates, the form names the client
            JsonHttp.Answer a = http.postForm(settings.tokenEndpoint().get(), secret != null ? Map.of("grant_type",
                    "client_credentials") : Map.of("grant_type", "client_credentials", "client_id", clientId),
                    clientId, secret);
            if (a.status != 200) {
                throw new IOException("the token endpoint answered " + a.status);
            }
            Map<String, Object> answer = object(a, "the token endpoint's answer");
            Object token = answer.get("access_token");
            if (!(token instanceof String) || ((String) token).isEmpty()) {
                throw new IOException("the token endpoint's answer has no access_token");
            }
            long lifetime = answer.get("expires_in") instanceof Long ? (Long) answer.get("expires_in") : 300;
            accessTokenUntil = clock.millis() + Math.max(0, lifetime - 60) * 1000;
            accessToken = (String) token;
            return accessToken;
        }
    }

    /**
     * Whether the PDP answers, for the health view: null when its discovery document answers (or is absent: 404),
     * else why not (never its URL).
     */
    public String probe() {
        try {
            if (tls != null) {
                tls.checkRotation();
            }
            JsonHttp.Answer a = http.get(URI.create(pdp + "/.well-known/authzen-configuration"));
            return a.status == 200 || a.status == 404 ? null : "status " + a.status;
        } catch (IOException e) {
            return e.getClass().getSimpleName();
        }
    }

    /** An answer's body as a strict JSON object; anything else fails the call. */
    private static Map<String, Object> object(JsonHttp.Answer a, String what) throws IOException {
        try {
            return StrictJson.parseObject(a.body);
        } catch (JsonException | IllegalArgumentException ex) {
            throw new IOException(what + " is not a JSON object");
        }
    }

    /** The endpoints, discovered once (a failure is retried after a few seconds). */
    private Endpoints endpoints() throws IOException {
        Endpoints e = endpoints;
        if (e != null) {
            return e;
        }
        synchronized (discoveryLock) {
            if (endpoints != null) {
                return endpoints;
            }
            if (discoveryFailedAt != 0 && clock.millis() - discoveryFailedAt < DISCOVERY_RETRY.toMillis()) {
                throw new IOException("its discovery document failed lately");
            }
            try {
                endpoints = discover();
                return endpoints;
            } catch (IOException ex) {
                discoveryFailedAt = clock.millis();
                throw new IOException("discovery: " + ex.getMessage());
            }
        }
    }

    private Endpoints discover() throws IOException {
        String base = pdp.toString();
        JsonHttp.Answer a = http.get(URI.create(base + "/.well-known/authzen-configuration"));
        if (a.status == 404) {
            return new Endpoints(URI.create(base + "/access/v1/evaluation"), URI.create(base
                    + "/access/v1/evaluations"));
        }
        if (a.status != 200) {
            throw new IOException("status " + a.status);
        }
        Map<String, Object> doc = object(a, "the discovery document");
        Object named = doc.get("policy_decision_point");
        if (!(named instanceof String) || !strip((String) named).equals(base)) {
            throw new IOException("the document names another policy_decision_point (mix-up): refused");
        }
        return new Endpoints(endpoint(doc, "access_evaluation_endpoint", base + "/access/v1/evaluation"),
                endpoint(doc, "access_evaluations_endpoint", base + "/access/v1/evaluations"));
    }

    private URI endpoint(Map<String, Object> doc, String name, String fallback) throws IOException {
        Object v = doc.get(name);
        if (v == null) {
            return URI.create(fallback);
        }
        URI u;
        try {
            u = v instanceof String ? new URI((String) v) : null;
        } catch (java.net.URISyntaxException ex) {
            u = null;
        }
        if (u == null || !Objects.equals(u.getScheme(), pdp.getScheme()) || !Objects.equals(u.getRawAuthority(),
                pdp.getRawAuthority())) {
            throw new IOException(name + " is not on the PDP's origin: refused");
        }
        return u;
    }

    private static String strip(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    /** AuthZEN's subject: a user or a service, its id, and what zt verified about it. */
    private static String subject(VerifiedToken t) {
        JsonWriter props = JsonWriter.object(JsonWriter.UNLIMITED).field("roles", new java.util.TreeSet<>(t.roles()))
                .field("scopes", new java.util.TreeSet<>(t.scopes())).field("acr", t.acr().orElse(null))
                .field("amr", t.amr()).field("issuer", t.issuer());
        t.authTime().ifPresent(a -> props.field("auth_time", a.getEpochSecond()));
        return JsonWriter.object(JsonWriter.UNLIMITED).field("type", t.isServiceToken() ? "service" : "user")
                .field("id", t.subject().orElse(t.issuer())).raw("properties", props.end()).end();
    }

    private static String resource(String type, String id) {
        return JsonWriter.object(JsonWriter.UNLIMITED).field("type", type).field("id", id == null ? type : id).end();
    }

    /** The request's context: where it comes from and what the risk engine made of it (and the session's age). */
    private String context(AccessRequest r, boolean withAge) {
        JsonWriter c = JsonWriter.object(JsonWriter.UNLIMITED).field("client_address", r.clientAddress().orElse(null))
                .field("country", r.country().orElse(null)).field("device_id", r.deviceId().orElse(null));
        r.risk().ifPresent(d -> c.field("risk_score", d.score()).field("risk_reasons", d.reasons()));
        if (withAge) {
            r.sessionCreatedAt().ifPresent(s -> c.field("session_age", Math.max(0,
                    Duration.between(s, clock.instant()).getSeconds())));
        }
        return c.end();
    }
}
