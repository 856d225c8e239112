package dev.zt.filter.internal.oidc;

import dev.zt.internal.net.CappedBody;
import dev.zt.internal.net.HttpCalls;

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
 * zt's requests to the identity provider (discovery, token endpoint): no redirects followed, connect and read
 * timeouts, answers capped at {@code zt.jwks.max-bytes}. Failures are {@link IOException}s whose messages hold no
 * secret (never the request body, never a credential).
 */
final class IdpHttp {

    /** An answer: its status, body and {@code Cache-Control} header. */
    static final class Answer {
        final int status;
        final String body;
        final String cacheControl;

        Answer(int status, String body, String cacheControl) {
            this.status = status;
            this.body = body;
            this.cacheControl = cacheControl;
        }
    }

    private final HttpClient client;
    private final Duration readTimeout;
    private final int maxBytes;

    IdpHttp(Duration connectTimeout, Duration readTimeout, int maxBytes) {
        this.client = HttpClient.newBuilder().connectTimeout(connectTimeout).followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.readTimeout = readTimeout;
        this.maxBytes = maxBytes;
    }

    /** {@code GET} accepting JSON. */
    Answer get(URI uri) throws IOException {
        return send(HttpRequest.newBuilder(uri).GET().header("Accept", "application/json"));
    }

    /**
     * {@code POST} of an {@code application/x-www-form-urlencoded} body, with HTTP Basic client authentication (client
     * id and secret form-urlencoded first, RFC 6749 section 2.3.1) when a secret is given (else the form carries the
     * client's authentication).
     */
    Answer postForm(URI uri, Map<String, String> form, String clientId, String clientSecret) throws IOException {
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
        HttpResponse<byte[]> response = HttpCalls.await(future, readTimeout.plus(client.connectTimeout()
                .orElse(Duration.ZERO)));
        return new Answer(response.statusCode(), new String(response.body(), StandardCharsets.UTF_8),
                response.headers().firstValue("Cache-Control").orElse(null));
    }
}
