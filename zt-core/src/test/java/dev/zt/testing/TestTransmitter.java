package dev.zt.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.zt.internal.json.StrictJson;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * zt's own Shared Signals transmitter for tests, on 127.0.0.1 (SSF 1.0 sections 7 and 8, RFC 8936): the SSF
 * configuration at {@code /.well-known/ssf-configuration/realms/acme} for the issuer
 * {@code http://127.0.0.1:port/realms/acme}, that issuer's OpenID configuration with a token endpoint (client
 * credentials, HTTP Basic), stream management (one stream per client, created on request), a poll endpoint that
 * offers every SET not yet acknowledged and records acknowledgements and errors, and a verification endpoint that
 * queues a verification event carrying the receiver's state. SETs are signed with {@link TestKeys#RSA} ({@code k1}).
 * Tests queue events, change answers, and read what the receiver did.
 */
public final class TestTransmitter implements AutoCloseable {

    private final HttpServer server;
    private final Map<String, String> clients = new ConcurrentHashMap<>();
    private final Map<String, String> tokens = new ConcurrentHashMap<>();
    /** Streams by client id: the created stream's JSON members. */
    public final Map<String, Map<String, Object>> streams = new ConcurrentHashMap<>();
    /** SETs offered and not yet acknowledged, by jti, in order. */
    private final Map<String, String> pending = new LinkedHashMap<>();
    /** The jtis acknowledged, in order. */
    public final List<String> acknowledged = new CopyOnWriteArrayList<>();
    /** The errors reported ({@code jti} to {@code err}). */
    public final Map<String, String> errors = new ConcurrentHashMap<>();
    /** The clients that polled, in order, each with the time of its poll: {@code client epochMillis}. */
    public final List<String> pollers = new CopyOnWriteArrayList<>();
    /** Verification requests received. */
    public final AtomicInteger verifications = new AtomicInteger();
    /** The HTTP status of poll answers (500: the transmitter fails). */
    public volatile int pollStatus = 200;
    /** The stream's status as the status endpoint reports it. */
    public volatile String status = "enabled";

    /** Starts it; {@code clientSecrets} are the clients it knows. */
    public TestTransmitter(Map<String, String> clientSecrets) throws IOException {
        clients.putAll(clientSecrets);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/.well-known/ssf-configuration/realms/acme", ex -> answer(ex, 200, "{\"issuer\":\""
                + issuer() + "\",\"jwks_uri\":\"" + issuer() + "/certs\",\"delivery_methods_supported\":"
                + "[\"urn:ietf:rfc:8936\",\"urn:ietf:rfc:8935\"],\"configuration_endpoint\":\"" + issuer()
                + "/ssf/streams\",\"status_endpoint\":\"" + issuer() + "/ssf/status\",\"verification_endpoint\":\""
                + issuer() + "/ssf/verify\",\"spec_version\":\"1_0\"}"));
        server.createContext("/realms/acme/.well-known/openid-configuration", ex -> answer(ex, 200, "{\"issuer\":\""
                + issuer() + "\",\"token_endpoint\":\"" + issuer() + "/token\",\"jwks_uri\":\"" + issuer()
                + "/certs\"}"));
        server.createContext("/realms/acme/certs", ex -> answer(ex, 200, Jwk.set(Jwk.of("k1",
                TestKeys.RSA.getPublic()))));
        server.createContext("/realms/acme/token", this::token);
        server.createContext("/realms/acme/ssf/streams", this::streams);
        server.createContext("/realms/acme/ssf/poll", this::poll);
        server.createContext("/realms/acme/ssf/verify", this::verify);
        server.createContext("/realms/acme/ssf/status", ex -> {
            if (client(ex) == null) {
                answer(ex, 401, "{}");
                return;
            }
            answer(ex, 200, "{\"status\":\"" + status + "\"}");
        });
        server.start();
    }

    /** {@code http://127.0.0.1:port/realms/acme}. */
    public String issuer() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/realms/acme";
    }

    /** Queues a SET to be polled. */
    public synchronized void offer(String jti, String set) {
        pending.put(jti, set);
    }

    /** The stream id given to the receivers' client. */
    public String streamId(String client) {
        Map<String, Object> s = streams.get(client);
        return s == null ? null : (String) s.get("stream_id");
    }

    private void token(HttpExchange ex) throws IOException {
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        for (Map.Entry<String, String> c : clients.entrySet()) {
            String expected = "Basic " + Base64.getEncoder().encodeToString((c.getKey() + ":" + c.getValue())
                    .getBytes(StandardCharsets.UTF_8));
            if (expected.equals(auth) && body.contains("grant_type=client_credentials")) {
                String token = "at-" + c.getKey() + "-" + System.nanoTime();
                tokens.put(token, c.getKey());
                answer(ex, 200, "{\"access_token\":\"" + token + "\",\"token_type\":\"Bearer\",\"expires_in\":300}");
                return;
            }
        }
        answer(ex, 401, "{\"error\":\"invalid_client\"}");
    }

    private String client(HttpExchange ex) {
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        return auth != null && auth.startsWith("Bearer ") ? tokens.get(auth.substring(7)) : null;
    }

    private void streams(HttpExchange ex) throws IOException {
        String client = client(ex);
        if (client == null) {
            answer(ex, 401, "{}");
            return;
        }
        if (ex.getRequestMethod().equals("GET")) {
            Map<String, Object> s = streams.get(client);
            answer(ex, s == null ? 404 : 200, s == null ? "{}" : TestSets.json(s));
            return;
        }
        Map<String, Object> request = StrictJson.parseObject(new String(ex.getRequestBody().readAllBytes(),
                StandardCharsets.UTF_8));
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("stream_id", "stream-" + client);
        s.put("iss", issuer());
        s.put("aud", TestSets.RECEIVER);
        s.put("events_requested", request.get("events_requested"));
        s.put("delivery", Map.of("method", "urn:ietf:rfc:8936", "endpoint_url", issuer() + "/ssf/poll"));
        s.put("min_verification_interval", 3600L);
        streams.put(client, s);
        answer(ex, 201, TestSets.json(s));
    }

    private void poll(HttpExchange ex) throws IOException {
        String client = client(ex);
        if (client == null) {
            answer(ex, 401, "{}");
            return;
        }
        pollers.add(client + " " + System.currentTimeMillis());
        Map<String, Object> request = StrictJson.parseObject(new String(ex.getRequestBody().readAllBytes(),
                StandardCharsets.UTF_8));
        if (pollStatus != 200) {
            answer(ex, pollStatus, "{}");
            return;
        }
        List<String> out = new ArrayList<>();
        synchronized (this) {
            Object ack = request.get("ack");
            if (ack instanceof List) {
                for (Object jti : (List<?>) ack) {
                    if (pending.remove(jti) != null) {
                        acknowledged.add((String) jti);
                    }
                }
            }
            Object errs = request.get("setErrs");
            if (errs instanceof Map) {
                for (Map.Entry<?, ?> e : ((Map<?, ?>) errs).entrySet()) {
                    pending.remove(e.getKey());
                    errors.put((String) e.getKey(), (String) ((Map<?, ?>) e.getValue()).get("err"));
                }
            }
            long max = request.get("maxEvents") instanceof Long ? (Long) request.get("maxEvents") : 10;
            for (Map.Entry<String, String> e : pending.entrySet()) {
                if (out.size() >= max) {
                    break;
                }
                out.add(e.getKey());
            }
            StringBuilder sets = new StringBuilder("{");
            for (String jti : out) {
                sets.append(sets.length() > 1 ? "," : "").append('"').append(jti).append("\":\"")
                        .append(pending.get(jti)).append('"');
            }
            answer(ex, 200, "{\"sets\":" + sets.append('}') + ",\"moreAvailable\":" + (pending.size() > out.size())
                    + "}");
        }
    }

    private void verify(HttpExchange ex) throws IOException {
        if (client(ex) == null) {
            answer(ex, 401, "{}");
            return;
        }
        verifications.incrementAndGet();
        Map<String, Object> request = StrictJson.parseObject(new String(ex.getRequestBody().readAllBytes(),
                StandardCharsets.UTF_8));
        TestSets v = TestSets.of(TestSets.SSF + "verification", Map.of("state", request.get("state")),
                Map.of("format", "opaque", "id", request.get("stream_id")), Instant.now()).with("iss", issuer());
        offer(v.id(), v.sign());
        answer(ex, 204, "");
    }

    private static void answer(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        } else {
            ex.close();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
