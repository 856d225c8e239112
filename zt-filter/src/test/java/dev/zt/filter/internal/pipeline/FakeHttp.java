package dev.zt.filter.internal.pipeline;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A request as a container hands it to the filter, without a container: what a stage reads (method, URI and the
 * container's own split of it into servlet path and path info, headers, peer address, attributes) and a response that
 * records its headers. For stage tests; a stage that asks for anything else fails loudly.
 */
final class FakeHttp {

    String method = "GET";
    String uri = "/";
    String servletPath;
    String pathInfo;
    String query;
    String remoteAddr = "192.0.2.1";
    final Map<String, List<String>> headers = new LinkedHashMap<>();
    final Map<String, Object> attributes = new HashMap<>();
    final Map<String, List<String>> responseHeaders = new LinkedHashMap<>();

    static FakeHttp get(String uri) {
        return request("GET", uri);
    }

    static FakeHttp request(String method, String uri) {
        FakeHttp f = new FakeHttp();
        f.method = method;
        f.uri = uri;
        return f;
    }

    /** The container's decoded split of the URI (by default the URI itself, as a {@code /*} mapping gives). */
    FakeHttp dispatched(String servletPath, String pathInfo) {
        this.servletPath = servletPath;
        this.pathInfo = pathInfo;
        return this;
    }

    FakeHttp header(String name, String value) {
        headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(value);
        return this;
    }

    FakeHttp from(String peer) {
        this.remoteAddr = peer;
        return this;
    }

    Exchange exchange() {
        return new Exchange(request(), response());
    }

    HttpServletRequest request() {
        return (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, m, args) -> {
                    switch (m.getName()) {
                        case "getMethod": return method;
                        case "getRequestURI": return uri;
                        case "getContextPath": return "";
                        case "getServletPath": return servletPath != null ? servletPath : uri;
                        case "getPathInfo": return servletPath != null ? pathInfo : null;
                        case "getQueryString": return query;
                        case "getRemoteAddr": return remoteAddr;
                        case "getScheme": return "https";
                        case "getServerName": return "app.example";
                        case "getServerPort": return 443;
                        case "getContentType": return first("content-type");
                        case "getHeader": return first(((String) args[0]).toLowerCase(Locale.ROOT));
                        case "getHeaders": return Collections.enumeration(headers.getOrDefault(
                                ((String) args[0]).toLowerCase(Locale.ROOT), List.of()));
                        case "getAttribute": return attributes.get(args[0]);
                        case "setAttribute":
                            attributes.put((String) args[0], args[1]);
                            return null;
                        case "toString": return method + " " + uri;
                        default: throw new UnsupportedOperationException("the stage read " + m.getName());
                    }
                });
    }

    private String first(String name) {
        List<String> v = headers.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    HttpServletResponse response() {
        return (HttpServletResponse) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletResponse.class}, (proxy, m, args) -> {
                    switch (m.getName()) {
                        case "addHeader":
                        case "setHeader":
                            responseHeaders.computeIfAbsent((String) args[0], k -> new ArrayList<>())
                                    .add((String) args[1]);
                            return null;
                        case "getStatus": return 200;
                        case "isCommitted": return false;
                        case "toString": return "response";
                        default: throw new UnsupportedOperationException("the stage wrote " + m.getName());
                    }
                });
    }
}
