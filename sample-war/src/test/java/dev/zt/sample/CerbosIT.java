package dev.zt.sample;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.zt.testing.Cerbos;
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


import java.io.File;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sample on WildFly with its order approval decided by a real Cerbos PDP through OpenID AuthZEN: the sample's own
 * policy ({@code cerbos/order.yaml}) lets only an order's owner approve it, so alice approves her order, bob (an admin,
 * whom the shipped path rule would let through) gets {@code 403 pdp_denied}; a PDP that cannot be reached is
 * {@code 503 pdp_unavailable}; in shadow mode nothing is enforced. Cerbos comes from its npm package.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class CerbosIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private static Cerbos cerbos;
    private static HttpServer counting;
    private static final AtomicInteger evaluations = new AtomicInteger();

    @Deployment(name = "pdp", testable = false, order = 1)
    static WebArchive withPdp() throws Exception {
        Path work = Files.createTempDirectory("zt-cerbos-it");
        Path policies = Files.createDirectories(work.resolve("policies"));
        Files.copy(Path.of("cerbos/order.yaml"), policies.resolve("order.yaml"));
        cerbos = Cerbos.start(policies, work);
        return sample("sample-pdp", "zt.authzen.pdp=" + cerbos.url() + "\n");
    }

    @Deployment(name = "pdp-down", testable = false, order = 2)
    static WebArchive withPdpDown() throws Exception {
        return sample("sample-pdp-down", "zt.authzen.pdp=http://127.0.0.1:1\n");
    }

    @Deployment(name = "pdp-shadow", testable = false, order = 3)
    static WebArchive withPdpInShadowMode() throws Exception {
        return sample("sample-pdp-shadow", "zt.authzen.pdp=" + cerbos.url() + "\nzt.authzen.mode=shadow\n");
    }

    /** A stub PDP that grants everything and counts its evaluations, with zt's decision cache off. */
    @Deployment(name = "pdp-counted", testable = false, order = 4)
    static WebArchive withACountingPdp() throws Exception {
        counting = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        counting.createContext("/access/v1/evaluation", ex -> {
            ex.getRequestBody().readAllBytes();
            evaluations.incrementAndGet();
            byte[] b = "{\"decision\":true}".getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        counting.start();
        return sample("sample-pdp-counted", "zt.authzen.pdp=http://127.0.0.1:" + counting.getAddress().getPort()
                + "\nzt.authzen.cache.ttl=0s\n");
    }

    /** The sample with {@code settings} added and its approval rule asking the PDP. */
    private static WebArchive sample(String name, String settings) throws Exception {
        WebArchive war = ShrinkWrap.create(ZipImporter.class, name + ".war").importFrom(new File("target/sample.war"))
                .as(WebArchive.class);
        String props = read(war, "/WEB-INF/classes/zt.properties") + "\n# CerbosIT (docs/authzen.md)\n" + settings;
        String rules = approvalAskingThePdp(read(war, "/WEB-INF/classes/zt-rules.txt"));
        war.delete("/WEB-INF/classes/zt.properties");
        war.add(new StringAsset(props), "/WEB-INF/classes/zt.properties");
        war.delete("/WEB-INF/classes/zt-rules.txt");
        war.add(new StringAsset(rules), "/WEB-INF/classes/zt-rules.txt");
        return war;
    }

    /** The sample's rules with its approval rule ({@code roles=admin} as shipped) asking the PDP instead. */
    static String approvalAskingThePdp(String rules) {
        String changed = rules.replace("POST       /api/orders/*/approve    roles=admin",
                "POST /api/orders/{id}/approve permission=order:approve");
        if (!changed.contains("permission=order:approve")) {
            throw new IllegalStateException("the sample's approval rule changed; update CerbosIT");
        }
        return changed;
    }

    static String read(WebArchive war, String path) throws Exception {
        try (var in = war.get(path).getAsset().openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    @AfterAll
    static void stopCerbos() {
        if (cerbos != null) {
            cerbos.close();
        }
        if (counting != null) {
            counting.stop(0);
        }
    }

    private static HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return HTTP.send(b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(URL base, String path) {
        return URI.create(base.toString().replaceAll("/$", "") + path);
    }

    private static String login(URL base, String user) throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri(base, "/login")).header("Accept", "application/json")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=" + user + "&password=" + user + "-password")));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        Matcher m = Pattern.compile("\"session_token\":\"([^\"]*)\"").matcher(r.body());
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    private static HttpResponse<String> approve(URL base, String order, String token) throws Exception {
        return post(base, "/api/orders/" + order + "/approve", token);
    }

    private static HttpResponse<String> cancel(URL base, String order, String token) throws Exception {
        return post(base, "/api/orders/" + order + "/cancel", token);
    }

    private static HttpResponse<String> post(URL base, String path, String token) throws Exception {
        return send(HttpRequest.newBuilder(uri(base, path)).header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.noBody()));
    }

    @Test
    void theOwnerApprovesHerOrderAndAnAdminWhoIsNotTheOwnerIsDeniedByThePdp(
            @ArquillianResource @OperateOnDeployment("pdp") URL base) throws Exception {
        HttpResponse<String> alice = approve(base, "alice-7", login(base, "alice"));
        assertThat(alice.statusCode()).as(alice.body()).isEqualTo(200);
        assertThat(alice.body()).contains("\"status\":\"approved\"");
        HttpResponse<String> bob = approve(base, "alice-7", login(base, "bob"));
        assertThat(bob.statusCode()).isEqualTo(403);
        assertThat(bob.body()).contains("\"reason\":\"pdp_denied\"");
        assertThat(approve(base, "bob-8", login(base, "bob")).statusCode()).isEqualTo(200);
    }

    @Test
    void anAnnotatedMethodAsksThePdpWithThePathParameterAsTheId(
            @ArquillianResource @OperateOnDeployment("pdp") URL base) throws Exception {
        HttpResponse<String> alice = cancel(base, "alice-9", login(base, "alice"));
        assertThat(alice.statusCode()).as(alice.body()).isEqualTo(200);
        assertThat(alice.body()).contains("\"status\":\"cancelled\"");
        HttpResponse<String> bob = cancel(base, "alice-9", login(base, "bob"));
        assertThat(bob.statusCode()).isEqualTo(403);
        assertThat(bob.body()).contains("\"reason\":\"pdp_denied\"");
    }

    @Test
    void aPdpThatCannotBeReachedRefusesWith503(@ArquillianResource @OperateOnDeployment("pdp-down") URL base)
            throws Exception {
        String alice = login(base, "alice");
        HttpResponse<String> r = approve(base, "alice-7", alice);
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.body()).contains("\"reason\":\"pdp_unavailable\"");
        assertThat(r.headers().firstValue("Retry-After")).isPresent();
        assertThat(cancel(base, "alice-7", alice).body()).contains("\"reason\":\"pdp_unavailable\"");
    }

    @Test
    void aRequestAsksThePdpOnceEvenWhereTheFilterAndTheInterceptorBothCheck(
            @ArquillianResource @OperateOnDeployment("pdp-counted") URL base) throws Exception {
        String alice = login(base, "alice");
        int before = evaluations.get();
        // the JAX-RS filter decides with the @PathParam before the body is read, the interceptor again when the
        // method runs: the second reuses the first's grant (the cache is off, so nothing else would)
        assertThat(cancel(base, "alice-9", alice).statusCode()).isEqualTo(200);
        assertThat(evaluations.get() - before).isEqualTo(1);
        assertThat(cancel(base, "alice-10", alice).statusCode()).isEqualTo(200);
        assertThat(evaluations.get() - before).as("another request asks again").isEqualTo(2);
        assertThat(approve(base, "alice-7", alice).statusCode()).isEqualTo(200);
        assertThat(evaluations.get() - before).as("a path rule asks once").isEqualTo(3);
    }

    @Test
    void shadowModeEnforcesNothing(@ArquillianResource @OperateOnDeployment("pdp-shadow") URL base) throws Exception {
        assertThat(approve(base, "alice-7", login(base, "bob")).statusCode()).isEqualTo(200);
    }

    @Test
    void theProtectedResourceMetadataIsServedWithoutAToken(@ArquillianResource @OperateOnDeployment("pdp") URL base)
            throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri(base, "/.well-known/oauth-protected-resource")));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"resource\":\"" + base.toString().replaceAll("/$", "") + "\"",
                "\"bearer_methods_supported\":[\"header\"]", "\"dpop_bound_access_tokens_required\":false");
    }
}
