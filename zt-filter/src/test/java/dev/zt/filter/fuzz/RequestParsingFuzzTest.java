package dev.zt.filter.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.zt.config.ConfigurationException;
import dev.zt.filter.internal.request.ClientAddresses;
import dev.zt.filter.internal.request.RequestFirewall;
import dev.zt.filter.internal.request.RequestRejectedException;
import dev.zt.filter.internal.rules.PathRules;
import dev.zt.internal.net.Cidr;
import jakarta.servlet.http.HttpServletRequest;

import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.List;

/**
 * The filter's parsers on arbitrary input: the request firewall and path rule matching (any request line), the
 * forwarding-header parser (any header value) and the rules-file parser (any document) may refuse, never crash.
 */
class RequestParsingFuzzTest {

    private static final RequestFirewall FIREWALL = new RequestFirewall();
    private static final PathRules RULES = PathRules.parse("GET /a/** roles=x\n* /b/*/c scopes=y\n", "fuzz", false);
    private static final ClientAddresses PROXIES = new ClientAddresses(List.of(Cidr.parse("127.0.0.1")),
            ClientAddresses.Header.X_FORWARDED_FOR);

    private static HttpServletRequest request(String method, String uri, String query, String forwarded) {
        return (HttpServletRequest) Proxy.newProxyInstance(RequestParsingFuzzTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (p, m, a) -> {
                    switch (m.getName()) {
                        case "getMethod":
                            return method;
                        case "getRequestURI":
                            return uri;
                        case "getQueryString":
                            return query;
                        case "getContextPath":
                            return "";
                        case "getServletPath":
                            return uri.indexOf(';') >= 0 ? uri.substring(0, uri.indexOf(';')) : uri;
                        case "getRemoteAddr":
                            return "127.0.0.1";
                        case "getHeaders":
                            return Collections.enumeration(List.of(forwarded));
                        default:
                            return null;
                    }
                });
    }

    @FuzzTest(maxDuration = "15s")
    void parsersOnlyRefuse(FuzzedDataProvider data) {
        String method = data.pickValue(new String[] {"GET", "POST", "HEAD", "TRACE", "PUT"});
        String uri = data.consumeString(300);
        String query = data.consumeBoolean() ? data.consumeString(100) : null;
        String forwarded = data.consumeString(200);
        HttpServletRequest req = request(method, uri, query, forwarded);
        try {
            RULES.requirementFor(method, FIREWALL.check(req));
        } catch (RequestRejectedException expected) {
            // refused: fine
        }
        try {
            PROXIES.resolve(req);
        } catch (RequestRejectedException expected) {
            // both forwarding headers with different hops: fine
        }
        try {
            PathRules.parse(data.consumeRemainingAsString(), "fuzz", data.consumeBoolean());
        } catch (ConfigurationException expected) {
            return;
        }
    }
}
