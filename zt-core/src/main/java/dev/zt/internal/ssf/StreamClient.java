package dev.zt.internal.ssf;

import dev.zt.config.TransmitterConfig;
import dev.zt.config.ZtConfig;
import dev.zt.internal.json.JsonWriter;
import dev.zt.internal.json.StrictJson;
import dev.zt.internal.keys.Secrets;
import dev.zt.internal.net.JsonHttp;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * zt's calls to one transmitter (SSF 1.0 sections 7 and 8, RFC 8936): its configuration document
 * ({@code /.well-known/ssf-configuration}, its {@code issuer} checked), an access token by the OAuth client
 * credentials grant (RFC 6749 section 4.4, cached until shortly before it expires), the stream (found, or created
 * with the delivery configured and every event type zt understands), polls with acknowledgements and errors,
 * verification requests and the stream's status. Not thread-safe: the poller is its only user.
 */
final class StreamClient {

    static final String PUSH = "urn:ietf:rfc:8935";
    static final String POLL = "urn:ietf:rfc:8936";

    private final TransmitterConfig t;
    private final JsonHttp http;
    private final boolean allowHttp;
    private final Clock clock;
    private final String clientSecret;
    private final String pushAuthorization;

    private Map<String, Object> metadata;
    private Instant metadataUntil = Instant.MIN;
    private URI tokenEndpoint;
    private String accessToken;
    private Instant tokenUntil = Instant.MIN;

    /** The stream zt uses: its id, poll endpoint (poll delivery) and minimum verification interval. */
    static final class Stream {
        final String id;
        final URI pollEndpoint;
        final Duration minVerificationInterval;

        Stream(String id, URI pollEndpoint, Duration minVerificationInterval) {
            this.id = id;
            this.pollEndpoint = pollEndpoint;
            this.minVerificationInterval = minVerificationInterval;
        }
    }

    /** What one poll returned: SETs by {@code jti} and whether more are waiting. */
    static final class Polled {
        final Map<String, String> sets;
        final boolean moreAvailable;

        Polled(Map<String, String> sets, boolean moreAvailable) {
            this.sets = sets;
            this.moreAvailable = moreAvailable;
        }
    }

    StreamClient(TransmitterConfig t, ZtConfig config, Map<String, String> environment, Clock clock) {
        this.t = t;
        this.http = new JsonHttp(config.jwks().connectTimeout(), config.jwks().readTimeout(), config.ssf()
                .pushMaxBytes() * 64);
        this.allowHttp = config.jwks().allowHttp();
        this.clock = clock;
        this.clientSecret = Secrets.loadText(t.clientSecretReference().orElseThrow(), environment);
        this.pushAuthorization = t.pushAuthorizationReference().map(r -> Secrets.loadText(r, environment))
                .orElse(null);
        this.tokenEndpoint = t.tokenEndpoint().orElse(null);
    }

    /** The transmitter's configuration document, cached five minutes. */
    private Map<String, Object> metadata() throws IOException {
        Instant now = clock.instant();
        if (metadata != null && now.isBefore(metadataUntil)) {
            return metadata;
        }
        URI uri = SharedSignalsFactory.configurationUri(t.issuer());
        Map<String, Object> doc = json(http.get(uri), "the SSF configuration " + uri);
        if (!t.issuer().equals(doc.get("issuer"))) {
            throw new IOException("the SSF configuration's issuer is not exactly " + t.issuer());
        }
        metadata = doc;
        metadataUntil = now.plus(Duration.ofMinutes(5));
        return doc;
    }

    private URI endpoint(String name) throws IOException {
        Object v = metadata().get(name);
        if (!(v instanceof String)) {
            throw new IOException("the SSF configuration has no " + name);
        }
        return secure((String) v, name);
    }

    /** An access token by the client credentials grant, cached until 30 seconds before it expires. */
    private String token() throws IOException {
        Instant now = clock.instant();
        if (accessToken != null && now.isBefore(tokenUntil)) {
            return accessToken;
        }
        if (tokenEndpoint == null) {
            URI oidc = URI.create(t.issuer().replaceAll("/$", "") + "/.well-known/openid-configuration");
            Map<String, Object> doc = json(http.get(oidc), "the issuer's OpenID configuration");
            if (!t.issuer().equals(doc.get("issuer")) || !(doc.get("token_endpoint") instanceof String)) {
                throw new IOException("the issuer's OpenID configuration has another issuer or no token_endpoint");
            }
            tokenEndpoint = secure((String) doc.get("token_endpoint"), "token_endpoint");
        }
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        if (!t.scopes().isEmpty()) {
            form.put("scope", String.join(" ", t.scopes()));
        }
        JsonHttp.Answer a = http.postForm(tokenEndpoint, form, t.clientId().orElseThrow(), clientSecret);
        Map<String, Object> body = json(a, "the token endpoint");
        Object token = body.get("access_token");
        if (!(token instanceof String)) {
            throw new IOException("the token endpoint's answer has no access_token");
        }
        long expiresIn = body.get("expires_in") instanceof Long ? (Long) body.get("expires_in") : 60;
        accessToken = (String) token;
        tokenUntil = now.plusSeconds(Math.max(1, expiresIn - 30));
        return accessToken;
    }

    /** Forgets the access token (it was refused), so that the next call gets a new one. */
    void forgetToken() {
        accessToken = null;
    }

    /** The stream of this client: found at the configuration endpoint, else created. */
    Stream stream() throws IOException {
        URI config = endpoint("configuration_endpoint");
        JsonHttp.Answer a = http.get(config, token());
        Map<String, Object> found = null;
        if (a.status == 200) {
            Object parsed = parse(a.body);
            List<?> list = parsed instanceof List ? (List<?>) parsed : parsed instanceof Map ? List.of(parsed)
                    : List.of();
            for (Object o : list) {
                if (o instanceof Map && ((Map<?, ?>) o).get("stream_id") instanceof String) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> s = (Map<String, Object>) o;
                    found = s;
                    break;
                }
            }
        } else if (a.status != 404) {
            throw new IOException("the configuration endpoint answered HTTP " + a.status);
        }
        if (found == null) {
            found = create(config);
        }
        return stream(found);
    }

    private Map<String, Object> create(URI config) throws IOException {
        StringBuilder delivery = new StringBuilder("{\"method\":\"");
        if (t.delivery() == TransmitterConfig.Delivery.POLL) {
            delivery.append(POLL).append("\"}");
        } else if (t.pushEndpoint().isPresent()) {
            delivery.append(PUSH).append("\",\"endpoint_url\":");
            JsonWriter.quote(delivery, t.pushEndpoint().get().toString(), JsonWriter.UNLIMITED);
            delivery.append(",\"authorization_header\":");
            JsonWriter.quote(delivery, pushAuthorization, JsonWriter.UNLIMITED);
            delivery.append('}');
        } else {
            throw new IOException("the transmitter has no stream for this client; create one with push delivery to"
                    + " zt's push endpoint, or set push-endpoint so that zt creates it");
        }
        StringBuilder events = new StringBuilder("[");
        for (String type : EventKind.types()) {
            if (!type.startsWith(EventKind.SSF)) {
                JsonWriter.quote(events.append(events.length() > 1 ? "," : ""), type, JsonWriter.UNLIMITED);
            }
        }
        String body = "{\"delivery\":" + delivery + ",\"events_requested\":" + events.append(']')
                + ",\"description\":\"zt receiver\"}";
        JsonHttp.Answer a = http.sendJson("POST", config, body, token());
        if (a.status != 200 && a.status != 201) {
            throw new IOException("creating the stream: the configuration endpoint answered HTTP " + a.status);
        }
        return json(a, "the created stream");
    }

    private Stream stream(Map<String, Object> s) throws IOException {
        String id = (String) s.get("stream_id");
        URI poll = null;
        Object delivery = s.get("delivery");
        if (delivery instanceof Map) {
            Object method = ((Map<?, ?>) delivery).get("method");
            Object url = ((Map<?, ?>) delivery).get("endpoint_url");
            if (t.delivery() == TransmitterConfig.Delivery.POLL) {
                if (!POLL.equals(method) || !(url instanceof String)) {
                    throw new IOException("stream " + DefaultSharedSignals.shorten(id) + " is not delivered by poll;"
                            + " change its delivery or zt's");
                }
                poll = secure((String) url, "the stream's poll endpoint");
            } else if (!PUSH.equals(method)) {
                throw new IOException("stream " + DefaultSharedSignals.shorten(id) + " is not delivered by push");
            }
        }
        Object min = s.get("min_verification_interval");
        Duration interval = min instanceof Long && (Long) min > 0 ? Duration.ofSeconds((Long) min)
                : Duration.ofHours(1);
        return new Stream(id, poll, interval);
    }

    /**
     * One poll (RFC 8936 section 2.4): acknowledges {@code ack}, reports {@code errors} ({@code jti} to RFC 8935 error
     * code and description), and asks for at most {@code maxEvents} SETs without waiting.
     */
    Polled poll(Stream s, List<String> ack, Map<String, String[]> errors, int maxEvents) throws IOException {
        StringBuilder body = new StringBuilder("{\"maxEvents\":").append(maxEvents)
                .append(",\"returnImmediately\":true");
        body.append(",\"ack\":[");
        for (int i = 0; i < ack.size(); i++) {
            JsonWriter.quote(body.append(i > 0 ? "," : ""), ack.get(i), JsonWriter.UNLIMITED);
        }
        body.append(']');
        if (!errors.isEmpty()) {
            body.append(",\"setErrs\":{");
            boolean first = true;
            for (Map.Entry<String, String[]> e : errors.entrySet()) {
                JsonWriter.quote(body.append(first ? "" : ","), e.getKey(), JsonWriter.UNLIMITED).append(":{\"err\":");
                JsonWriter.quote(body, e.getValue()[0], JsonWriter.UNLIMITED).append(",\"description\":");
                JsonWriter.quote(body, e.getValue()[1], 256).append('}');
                first = false;
            }
            body.append('}');
        }
        JsonHttp.Answer a = http.sendJson("POST", s.pollEndpoint, body.append('}').toString(), token());
        if (a.status == 401) {
            forgetToken();
        }
        Map<String, Object> answer = json(a, "the poll endpoint");
        Map<String, String> sets = new LinkedHashMap<>();
        Object got = answer.get("sets");
        if (got instanceof Map) {
            for (Map.Entry<?, ?> e : ((Map<?, ?>) got).entrySet()) {
                if (e.getKey() instanceof String && e.getValue() instanceof String) {
                    sets.put((String) e.getKey(), (String) e.getValue());
                }
            }
        }
        return new Polled(sets, Boolean.TRUE.equals(answer.get("moreAvailable")));
    }

    /** Asks the transmitter to send a verification event carrying {@code state} (SSF 1.0 section 8.1.4.2). */
    void requestVerification(Stream s, String state) throws IOException {
        StringBuilder body = new StringBuilder("{\"stream_id\":");
        JsonWriter.quote(body, s.id, JsonWriter.UNLIMITED).append(",\"state\":");
        JsonWriter.quote(body, state, JsonWriter.UNLIMITED).append('}');
        JsonHttp.Answer a = http.sendJson("POST", endpoint("verification_endpoint"), body.toString(), token());
        if (a.status != 200 && a.status != 202 && a.status != 204) {
            throw new IOException("the verification endpoint answered HTTP " + a.status);
        }
    }

    /** The stream's status (SSF 1.0 section 8.1.2.1): {@code enabled}, {@code paused} or {@code disabled}. */
    String status(Stream s) throws IOException {
        URI status = endpoint("status_endpoint");
        URI uri = URI.create(status + (status.getRawQuery() == null ? "?" : "&") + "stream_id="
                + URLEncoder.encode(s.id, StandardCharsets.UTF_8));
        Object v = json(http.get(uri, token()), "the status endpoint").get("status");
        return v instanceof String ? ((String) v).toLowerCase(Locale.ROOT) : "unknown";
    }

    private Map<String, Object> json(JsonHttp.Answer a, String what) throws IOException {
        if (a.status != 200 && a.status != 201 && a.status != 202) {
            throw new IOException(what + " answered HTTP " + a.status);
        }
        Object parsed = parse(a.body);
        if (!(parsed instanceof Map)) {
            throw new IOException(what + " did not answer a JSON object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) parsed;
        return m;
    }

    private static Object parse(String body) throws IOException {
        try {
            return body.trim().startsWith("[") ? StrictJson.parseObject("{\"a\":" + body + "}").get("a")
                    : StrictJson.parseObject(body);
        } catch (RuntimeException e) {
            throw new IOException("the answer is not JSON");
        }
    }

    private URI secure(String value, String what) throws IOException {
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw new IOException(what + " is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost() == null ? "" : uri.getHost();
        boolean loopback = host.equals("localhost") || host.equals("[::1]") || host.matches("127\\.\\d+\\.\\d+\\.\\d+");
        if (host.isEmpty() || !(scheme.equals("https") || scheme.equals("http") && (allowHttp || loopback))) {
            throw new IOException(what + " must be an https: URL");
        }
        return uri;
    }
}
