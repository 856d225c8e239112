package dev.zt.internal.net;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.CompletableFuture;

/**
 * zt's small JSON requests to an identity provider or a Shared Signals transmitter (discovery documents, token
 * endpoints, stream management, polls): no redirects followed, connect and read timeouts, answers capped in size.
 * Failures are {@link IOException}s whose messages hold no secret (never the request body, never a credential).
 */
public final class JsonHttp {

    /** An answer: its status, body and {@code Cache-Control} header. */
    public static final class Answer {
        /** The HTTP status. */
        public final int status;
        /** The body (UTF-8). */
        public final String body;
        /** The {@code Cache-Control} header, or null. */
        public final String cacheControl;

        Answer(int status, String body, String cacheControl) {
            this.status = status;
            this.body = body;
            this.cacheControl = cacheControl;
        }
    }

    private final HttpClient client;
    private final Duration readTimeout;
    private final Duration budget;
    private final int maxBytes;

    /** A client with these timeouts and answer cap: a call waits at most the two together. */
    public JsonHttp(Duration connectTimeout, Duration readTimeout, int maxBytes) {
        this(connectTimeout, readTimeout, readTimeout.plus(connectTimeout), maxBytes);
    }

    /** A client whose calls, connection included, end after {@code budget} at the latest. */
    public JsonHttp(Duration connectTimeout, Duration readTimeout, Duration budget, int maxBytes) {
        this(connectTimeout, readTimeout, budget, maxBytes, null);
    }

    /** As {@link #JsonHttp(Duration, Duration, Duration, int)}, over this TLS context (null: the JVM's default). */
    public JsonHttp(Duration connectTimeout, Duration readTimeout, Duration budget, int maxBytes,
            javax.net.ssl.SSLContext tls) {
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(connectTimeout).followRedirects(
                HttpClient.Redirect.NEVER);
        if (tls != null) {
            b.sslContext(tls);
        }
        this.client = b.build();
        this.readTimeout = readTimeout;
        this.budget = budget;
        this.maxBytes = maxBytes;
    }

    /** {@code GET} accepting JSON. */
    public Answer get(URI uri) throws IOException {
        return get(uri, null);
    }

    /** {@code GET} accepting JSON, with {@code Authorization: Bearer} when a token is given. */
    public Answer get(URI uri, String bearer) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).GET().header("Accept", "application/json");
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return send(b);
    }

    /** A request with a JSON body ({@code POST}, {@code PATCH}, ...) and {@code Authorization: Bearer}. */
    public Answer sendJson(String method, URI uri, String json, String bearer) throws IOException {
        return sendJson(method, uri, json, bearer, Map.of());
    }

    /** As {@link #sendJson(String, URI, String, String)}, with further headers (e.g. {@code X-Request-ID}). */
    public Answer sendJson(String method, URI uri, String json, String bearer, Map<String, String> headers)
            throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).method(method, HttpRequest.BodyPublishers.ofString(json))
                .header("Content-Type", "application/json").header("Accept", "application/json");
        headers.forEach(b::header);
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return send(b);
    }

    /**
     * {@code POST} of an {@code application/x-www-form-urlencoded} body, with HTTP Basic client authentication (client
     * id and secret form-urlencoded first, RFC 6749 section 2.3.1) when a secret is given (else the form carries the
     * client's authentication).
     */
    public Answer postForm(URI uri, Map<String, String> form, String clientId, String clientSecret) throws IOException {
        StringJoiner body = new StringJoiner("&");
        form.forEach((k, v) -> body.add(encode(k) + "=" + encode(v)));
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json");
        if (clientSecret != null) {
            b.header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString((encode(clientId) + ":"
                    + encode(clientSecret)).getBytes(StandardCharsets.UTF_8)));
        }
        return send(b);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private Answer send(HttpRequest.Builder request) throws IOException {
        CompletableFuture<HttpResponse<byte[]>> future = client.sendAsync(request.timeout(readTimeout).build(),
                info -> new CappedBody(maxBytes));
        HttpResponse<byte[]> response = HttpCalls.await(future, budget);
        return new Answer(response.statusCode(), new String(response.body(), StandardCharsets.UTF_8),
                response.headers().firstValue("Cache-Control").orElse(null));
    }
}
