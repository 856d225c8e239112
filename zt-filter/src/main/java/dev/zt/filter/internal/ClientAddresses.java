package dev.zt.filter.internal;

import jakarta.servlet.http.HttpServletRequest;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;

/**
 * Resolves the client address. {@code Forwarded} (RFC 7239) and {@code X-Forwarded-For} are believed only when the
 * direct peer is a trusted proxy; then the hops are read right to left, skipping trusted proxies, and the first
 * untrusted hop is the client. Nobody else can choose the address zt attributes a request to.
 */
public final class ClientAddresses {

    private final List<Cidr> trusted;

    /** Creates the resolver. */
    public ClientAddresses(List<Cidr> trusted) {
        this.trusted = List.copyOf(trusted);
    }

    /** True when the address is in {@code zt.trusted-proxies}. */
    public boolean isTrusted(String address) {
        byte[] raw = Cidr.literal(address);
        for (Cidr c : trusted) {
            if (c.contains(raw)) {
                return true;
            }
        }
        return false;
    }

    /** The client address of the request. */
    public String resolve(HttpServletRequest request) {
        String peer = request.getRemoteAddr();
        if (trusted.isEmpty() || !isTrusted(peer)) {
            return peer;
        }
        List<String> hops = forwardedHops(request);
        if (hops.isEmpty()) {
            hops = xForwardedFor(request);
        }
        String client = peer;
        for (int i = hops.size() - 1; i >= 0; i--) {
            String hop = hops.get(i);
            if (Cidr.literal(hop) == null) {
                return client; // unparsable: stop at the last hop a trusted proxy vouched for
            }
            client = hop;
            if (!isTrusted(hop)) {
                return hop;
            }
        }
        return client;
    }

    private static List<String> xForwardedFor(HttpServletRequest request) {
        List<String> hops = new ArrayList<>();
        for (String header : Collections.list(headers(request, "X-Forwarded-For"))) {
            for (String part : header.split(",")) {
                hops.add(stripPort(part.trim()));
            }
        }
        return hops;
    }

    private static List<String> forwardedHops(HttpServletRequest request) {
        List<String> hops = new ArrayList<>();
        for (String header : Collections.list(headers(request, "Forwarded"))) {
            for (String element : header.split(",")) {
                for (String pair : element.split(";")) {
                    String p = pair.trim();
                    if (p.toLowerCase(Locale.ROOT).startsWith("for=")) {
                        String v = p.substring(4).trim();
                        if (v.startsWith("\"") && v.endsWith("\"") && v.length() >= 2) {
                            v = v.substring(1, v.length() - 1);
                        }
                        hops.add(stripPort(v));
                    }
                }
            }
        }
        return hops;
    }

    private static Enumeration<String> headers(HttpServletRequest request, String name) {
        Enumeration<String> e = request.getHeaders(name);
        return e == null ? Collections.emptyEnumeration() : e;
    }

    private static String stripPort(String hop) {
        if (hop.startsWith("[")) {
            int end = hop.indexOf(']');
            return end > 0 ? hop.substring(1, end) : hop;
        }
        int colon = hop.indexOf(':');
        if (colon > 0 && hop.indexOf(':', colon + 1) < 0) {
            return hop.substring(0, colon); // IPv4:port
        }
        return hop;
    }
}
