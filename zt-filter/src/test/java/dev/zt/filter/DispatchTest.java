package dev.zt.filter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zt.ZeroTrust;
import dev.zt.config.ConfigSource;
import dev.zt.config.ZtConfig;
import dev.zt.filter.internal.settings.FilterSettings;
import dev.zt.internal.keys.StaticKeySource;
import dev.zt.spi.keys.KeySet;
import dev.zt.spi.keys.VerificationKey;
import dev.zt.testing.TestKeys;
import dev.zt.testing.TestTokens;
import io.undertow.Undertow;
import io.undertow.servlet.Servlets;
import io.undertow.servlet.api.DeploymentInfo;
import io.undertow.servlet.api.DeploymentManager;
import io.undertow.servlet.api.ErrorPage;
import io.undertow.servlet.util.ImmediateInstanceFactory;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** ERROR and ASYNC dispatches of a request zt already decided are not challenged again. */
class DispatchTest {

    private Undertow undertow;
    private DeploymentManager manager;
    private ZeroTrust engine;
    private int port;

    /** One servlet for every path: starts async work, fails, or reports who it sees after a dispatch. */
    public static final class App extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
            String path = req.getRequestURI();
            if (req.getDispatcherType() == DispatcherType.REQUEST && path.endsWith("/async")) {
                AsyncContext async = req.startAsync();
                async.dispatch("/done");
            } else if (req.getDispatcherType() == DispatcherType.REQUEST && path.endsWith("/fail")) {
                res.sendError(409);
            } else {
                res.getWriter().print("dispatch=" + req.getDispatcherType() + " user=" + req.getRemoteUser());
            }
        }
    }

    @BeforeEach
    void start() throws Exception {
        ZtConfig config = ZtConfig.builder().moduleKeys(FilterSettings.KEYS).source(ConfigSource.of("t", Map.of(
                "zt.issuer", TestTokens.ISSUER, "zt.audience", TestTokens.AUDIENCE, "zt.algorithms", "RS256")))
                .build();
        engine = ZeroTrust.builder(config).keySource("default", StaticKeySource.of(KeySet.of(List.of(
                VerificationKey.of("k1", null, TestKeys.RSA.getPublic()))), "t")).build();
        DeploymentInfo info = Servlets.deployment().setClassLoader(getClass().getClassLoader())
                .setContextPath("/app").setDeploymentName("dispatch")
                .addServlet(Servlets.servlet("app", App.class).addMapping("/*").setAsyncSupported(true))
                .addErrorPage(new ErrorPage("/error", 409))
                .addFilter(Servlets.filter("zt", ZeroTrustFilter.class,
                        new ImmediateInstanceFactory<>(new ZeroTrustFilter(engine))).setAsyncSupported(true))
                .addFilterUrlMapping("zt", "/*", DispatcherType.REQUEST)
                .addFilterUrlMapping("zt", "/*", DispatcherType.ASYNC)
                .addFilterUrlMapping("zt", "/*", DispatcherType.ERROR);
        manager = Servlets.newContainer().addDeployment(info);
        manager.deploy();
        undertow = Undertow.builder().addHttpListener(0, "127.0.0.1")
                .setHandler(io.undertow.Handlers.path().addPrefixPath("/app", manager.start())).build();
        undertow.start();
        port = ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
    }

    @AfterEach
    void stop() throws Exception {
        undertow.stop();
        manager.stop();
        engine.close();
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/app" + path));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void asyncDispatchOfAllowedRequestKeepsTheIdentity() throws Exception {
        String token = TestTokens.valid(Instant.now()).kid("k1").sign("RS256", TestKeys.RSA.getPrivate());
        HttpResponse<String> r = get("/async", token);
        assertThat(r.statusCode()).as(r.body() + r.headers().map()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("dispatch=ASYNC user=alice");
    }

    @Test
    void errorDispatchOfAllowedRequestIsNotChallenged() throws Exception {
        String token = TestTokens.valid(Instant.now()).kid("k1").sign("RS256", TestKeys.RSA.getPrivate());
        HttpResponse<String> r = get("/fail", token);
        assertThat(r.statusCode()).isEqualTo(409);
        assertThat(r.body()).isEqualTo("dispatch=ERROR user=alice");
    }

    @Test
    void requestWithoutTokenIsStillRefusedBeforeAnyDispatch() throws Exception {
        HttpResponse<String> r = get("/async", null);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.body()).contains("token_missing");
    }
}
