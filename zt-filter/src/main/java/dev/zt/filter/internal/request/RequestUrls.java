package dev.zt.filter.internal.request;

import jakarta.servlet.http.HttpServletRequest;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The URL of a request as its client addressed it, for a DPoP proof's {@code htu} (RFC 9449 section 4.3): the
 * configured origins ({@code zt.dpop.origins}) when set, each with the request's path; otherwise the scheme and host a
 * trusted proxy ({@code zt.trusted-proxies}) reports in the one forwarding header zt reads ({@code X-Forwarded-Proto}
 * and {@code X-Forwarded-Host} with {@code zt.forwarded-header=x-forwarded-for}, the {@code proto} and {@code host} of
 * RFC 7239 {@code Forwarded} with {@code forwarded}), else the request's own scheme and {@code Host}. The path is the
 * request URI as sent (not decoded); the query is never part of it.
 */
public final class RequestUrls {

    private final List<String> origins;
    private final ClientAddresses proxies;
    private final ClientAddresses.Header header;

    /** Creates the resolver. */
    public RequestUrls(List<String> origins, ClientAddresses proxies, ClientAddresses.Header header) {
        this.origins = List.copyOf(origins);
        this.proxies = proxies;
        this.header = header;
    }

    /** The candidate URLs of a request (one per configured origin, or the one it arrived at). */
    public List<String> of(HttpServletRequest request) {
        String path = request.getRequestURI();
        if (!origins.isEmpty()) {
            List<String> out = new ArrayList<>(origins.size());
            for (String o : origins) {
                out.add(o + path);
            }
            return out;
        }
        String scheme = request.getScheme();
        String host = request.getHeader("Host");
        if (proxies.isTrusted(request.getRemoteAddr())) {
            String[] forwarded = header == ClientAddresses.Header.FORWARDED ? forwarded(request)
                    : new String[] {last(request, "X-Forwarded-Proto"), last(request, "X-Forwarded-Host")};
            if (forwarded[0] != null) {
                scheme = forwarded[0];
            }
            if (forwarded[1] != null) {
                host = forwarded[1];
            }
        }
        if (host == null || host.isEmpty()) {
            host = request.getServerName() + ":" + request.getServerPort();
        }
        return List.of(scheme.toLowerCase(Locale.ROOT) + "://" + host + path);
    }

    /** The last value of a header, its last comma-separated element (the one the nearest proxy wrote). */
    private static String last(HttpServletRequest request, String name) {
        List<String> values = Collections.list(request.getHeaders(name));
        if (values.isEmpty()) {
            return null;
        }
        String v = values.get(values.size() - 1);
        int comma = v.lastIndexOf(',');
        String element = (comma >= 0 ? v.substring(comma + 1) : v).trim();
        return element.isEmpty() ? null : element;
    }

    /** {@code proto} and {@code host} of the last {@code Forwarded} element. */
    private static String[] forwarded(HttpServletRequest request) {
        String element = last(request, "Forwarded");
        String[] out = new String[2];
        if (element == null) {
            return out;
        }
        for (String pair : element.split(";")) {
            String p = pair.trim();
            int eq = p.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String name = p.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            String value = p.substring(eq + 1).trim();
            if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                value = value.substring(1, value.length() - 1);
            }
            if (name.equals("proto")) {
                out[0] = value;
            } else if (name.equals("host")) {
                out[1] = value;
            }
        }
        return out;
    }
}
