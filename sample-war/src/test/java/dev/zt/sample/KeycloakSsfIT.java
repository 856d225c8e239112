package dev.zt.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zt.internal.json.StrictJson;
import dev.zt.store.redis.RedisServer;

import java.io.File;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * zt as a Shared Signals receiver of a real Keycloak 26.7 (feature {@code ssf}), on two nodes sharing a real Redis:
 * node A takes Keycloak's events by push (RFC 8935; zt creates the push stream itself with its client credentials;
 * Keycloak delivers pushes from an outbox, drained every second here instead of every 30 seconds), node B polls for
 * them (RFC 8936). An administrator's logout of a user
 * at Keycloak ({@code session-revoked} for all the user's sessions) and a password reset ({@code credential-change})
 * each end the user's access tokens and zt sessions on both nodes; each node's audit log shows the events its own
 * delivery brought. Keycloak 26.7.3's transmitter sends nothing when a user is disabled (it has no RISC events):
 * docs/ssf.md says so, and zt's own test transmitter covers {@code account-disabled} (SharedSignalsPollTest,
 * SharedSignalsTest). Real time (Keycloak delivers asynchronously), bounded waits, no timing assertion.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class KeycloakSsfIT {

    private static final String RECEIVER = "zt-receiver";
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private static Keycloak keycloak;
    private static RedisServer redis;
    private static Path secrets;

    /** Keycloak with its transmitter (push targets on http allowed: 127.0.0.1), Redis, and the receiver clients. */
    private static synchronized void startOutsideComponents() throws Exception {
        if (keycloak != null) {
            return;
        }
        redis = new RedisServer();
        keycloak = Keycloak.start("--features=ssf", "--spi-ssf-transmitter--default--allow-insecure-push-targets=true",
                "--spi-ssf-transmitter--default--outbox-drainer-interval=1s");
        keycloak.provision("http://127.0.0.1:9/unused");
        keycloak.ssfReceiver("zt-ssf-push", "push-client-secret", RECEIVER, "http://127.0.0.1:8080/*");
        keycloak.ssfReceiver("zt-ssf-poll", "poll-client-secret", RECEIVER, null);
        secrets = Files.createTempDirectory("zt-ssf-secrets");
        Files.writeString(secrets.resolve("push-authorization"), "Bearer push-auth-of-node-a");
        Files.writeString(secrets.resolve("push-client"), "push-client-secret");
        Files.writeString(secrets.resolve("poll-client"), "poll-client-secret");
    }

    private static WebArchive node(String context, String transmitter) throws Exception {
        startOutsideComponents();
        String issuer = keycloak.issuer();
        WebArchive war = ShrinkWrap.create(ZipImporter.class, context + ".war").importFrom(new File("target/sample.war"))
                .as(WebArchive.class);
        String path = "/WEB-INF/classes/zt.properties";
        String props;
        try (var in = war.get(path).getAsset().openStream()) {
            props = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
        props += "\n# KeycloakSsfIT: Keycloak's tokens, a shared Redis, and Keycloak's SSF transmitter\n"
                + "zt.issuers.keycloak.issuer=" + issuer + "\n"
                + "zt.issuers.keycloak.jwks-uri=" + issuer + "/protocol/openid-connect/certs\n"
                + "zt.issuers.keycloak.audience=" + Keycloak.API_AUDIENCE + "\n"
                + "zt.issuers.keycloak.roles-claim=realm_access.roles\n"
                + "zt.store=redis\nzt.redis.uri=" + redis.uri() + "\n" + transmitter;
        war.delete(path);
        war.add(new StringAsset(props), path);
        return war;
    }

    @Deployment(name = "node-a", testable = false, order = 1)
    static WebArchive nodeAByPush() throws Exception {
        String t = "zt.ssf.transmitters.kc-push.";
        return node("ssf-a", t + "issuer=" + issuerOf() + "\n" + t + "audience=" + RECEIVER + "\n"
                + t + "delivery=push\n" + t + "push-authorization=file:" + secrets.resolve("push-authorization") + "\n"
                + t + "client-id=zt-ssf-push\n" + t + "client-secret=file:" + secrets.resolve("push-client") + "\n"
                + t + "push-endpoint=http://127.0.0.1:8080/ssf-a/zt/ssf/push\n");
    }

    @Deployment(name = "node-b", testable = false, order = 2)
    static WebArchive nodeBByPoll() throws Exception {
        String t = "zt.ssf.transmitters.kc-poll.";
        return node("ssf-b", t + "issuer=" + issuerOf() + "\n" + t + "audience=" + RECEIVER + "\n"
                + t + "delivery=poll\n" + t + "client-id=zt-ssf-poll\n" + t + "client-secret=file:"
                + secrets.resolve("poll-client") + "\n" + t + "poll-interval=1s\n");
    }

    private static String issuerOf() throws Exception {
        startOutsideComponents();
        return keycloak.issuer();
    }

    @AfterAll
    static void stopOutsideComponents() throws Exception {
        if (keycloak != null) {
            keycloak.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    private static HttpResponse<String> get(URL node, String path, String bearer) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(node.toString().replaceAll("/$", "") + path))
                .header("Authorization", "Bearer " + bearer).timeout(Duration.ofSeconds(20)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String session(URL node, String accessToken) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(node.toString().replaceAll("/$", "")
                + "/zt/session")).header("Authorization", "Bearer " + accessToken).timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return (String) StrictJson.parseObject(r.body()).get("session_token");
    }

    private static boolean within(Duration limit, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < end) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(250);
        }
        return condition.getAsBoolean();
    }

    private static boolean refused(URL node, String token) {
        try {
            return get(node, "/api/whoami", token).statusCode() == 401;
        } catch (Exception e) {
            return false;
        }
    }

    /** The audit lines of the server's log that record one delivery's events (its transmitter's name). */
    private static List<String> auditedEvents(String transmitter) throws Exception {
        return ServerLog.linesSince(0).stream().filter(l -> l.contains("\"ssf_event\"")
                && l.contains("\"issuer\":\"" + transmitter + "\"")).toList();
    }

    @Test
    void anAdministratorsLogoutAtKeycloakEndsTheUsersTokensAndSessionsOnBothNodes(
            @ArquillianResource @OperateOnDeployment("node-a") URL a,
            @ArquillianResource @OperateOnDeployment("node-b") URL b) throws Exception {
        Map<String, Object> tokens = keycloak.passwordGrant(Keycloak.CLIENT, "dave", "openid");
        String access = (String) tokens.get("access_token");
        String onA = session(a, access);
        assertThat(get(b, "/api/whoami", onA).statusCode()).as("a session is shared by the nodes").isEqualTo(200);
        assertThat(get(b, "/api/whoami", access).statusCode()).isEqualTo(200);

        keycloak.adminLogout("dave");

        assertThat(within(Duration.ofSeconds(60), () -> refused(a, access) && refused(b, access)
                && refused(a, onA) && refused(b, onA))).as("the access token and the zt session, on both nodes")
                .isTrue();
        assertThat(get(b, "/api/whoami", onA).body()).contains("session_revoked");
        assertThat(within(Duration.ofSeconds(60), () -> {
            try {
                return !auditedEvents("kc-push").isEmpty() && !auditedEvents("kc-poll").isEmpty();
            } catch (Exception e) {
                return false;
            }
        })).as("node A received it by push, node B by poll").isTrue();
        assertThat(auditedEvents("kc-push")).anyMatch(l -> l.contains("session-revoked"));
        assertThat(auditedEvents("kc-poll")).anyMatch(l -> l.contains("session-revoked"));
    }

    @Test
    void aPasswordResetAtKeycloakEndsTheUsersEarlierTokensOnBothNodes(
            @ArquillianResource @OperateOnDeployment("node-a") URL a,
            @ArquillianResource @OperateOnDeployment("node-b") URL b) throws Exception {
        String access = (String) keycloak.passwordGrant(Keycloak.CLIENT, "erin", "openid").get("access_token");
        String onB = session(b, access);
        assertThat(get(a, "/api/whoami", access).statusCode()).isEqualTo(200);
        keycloak.resetPassword("erin", "erin-password");
        assertThat(within(Duration.ofSeconds(60), () -> refused(a, access) && refused(b, access)
                && refused(a, onB))).as("credential-change ends what was issued before it, on both nodes").isTrue();
        // at most a second of real time: Keycloak stamps iat in whole seconds of its own clock, and a token of the
        // reset's second is refused (fail closed), so the next login must fall in a later second
        Thread.sleep(1050 - System.currentTimeMillis() % 1000);
        String fresh = (String) keycloak.passwordGrant(Keycloak.CLIENT, "erin", "openid").get("access_token");
        assertThat(get(a, "/api/whoami", fresh).statusCode()).as("a login after the reset").isEqualTo(200);
    }
}
