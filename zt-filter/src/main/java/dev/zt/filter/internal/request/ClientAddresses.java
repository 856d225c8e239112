package dev.zt.filter.internal.request;

import dev.zt.internal.net.Cidr;
import dev.zt.internal.net.IpAddresses;
import jakarta.servlet.http.HttpServletRequest;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;

/**
 * Resolves the client address. A forwarding header is believed only when the direct peer is a trusted proxy
 * ({@code zt.trusted-proxies}), and only the one header the proxy overwrites or appends to
 * ({@code zt.forwarded-header}: {@code X-Forwarded-For} by default, or RFC 7239 {@code Forwarded}); a client-sent copy
 * of the other header is never read. Hops are read right to left, skipping trusted proxies; the first untrusted hop is
 * the client. A hop that is not an IP literal ({@code unknown}, an obfuscated {@code _name}, junk) makes the client
 * {@link #UNKNOWN}, never the proxy's own address. A request carrying both headers from a trusted peer with different
 * hops is refused: one of them was written by the client.
 */
public final class ClientAddresses {

    /** The client address when a forwarded hop does not name one: no location, no geo-based trust. */
    public static final String UNKNOWN = "unknown";

    /** The two headers a proxy may use. */
    public enum Header {
        /** {@code X-Forwarded-For} (nginx, HAProxy, Apache, Envoy, AWS ALB, Traefik, Caddy). */
        X_FORWARDED_FOR,
        /** RFC 7239 {@code Forwarded} (HAProxy {@code option forwarded}, nginx with a custom header, F5). */
        FORWARDED
    }

    private final List<Cidr> trusted;
    private final Header header;

    /** Creates the resolver. */
    public ClientAddresses(List<Cidr> trusted, Header header) {
        this.trusted = List.copyOf(trusted);
        this.header = header;
    }

    /** True when the address is in {@code zt.trusted-proxies}. */
    public boolean isTrusted(String address) {
        if (trusted.isEmpty()) {
            return false;
        }
        byte[] raw = IpAddresses.parse(address);
        for (Cidr c : trusted) {
            if (c.contains(raw)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The client address of the request, canonical ({@code ::ffff:192.0.2.1} is {@code 192.0.2.1}), or
     * {@link #UNKNOWN}.
     *
     * @throws RequestRejectedException when a trusted peer sent both headers with different hops
     */
    public String resolve(HttpServletRequest request) throws RequestRejectedException {
        String peer = request.getRemoteAddr();
        String canonicalPeer = IpAddresses.canonical(peer);
        if (trusted.isEmpty() || !isTrusted(peer)) {
            return canonicalPeer != null ? canonicalPeer : peer;
        }
        List<String> xff = xForwardedFor(request);
        List<String> forwarded = forwardedHops(request);
        if (!xff.isEmpty() && !forwarded.isEmpty() && !sameHops(xff, forwarded)) {
            throw new RequestRejectedException("Forwarded and X-Forwarded-For name different hops");
        }
        List<String> hops = header == Header.FORWARDED ? forwarded : xff;
        String client = canonicalPeer;
        for (int i = hops.size() - 1; i >= 0; i--) {
            byte[] hop = IpAddresses.parse(hops.get(i));
            if (hop == null) {
                return UNKNOWN; // not an address: the location is unknown, never the proxy's own
            }
            client = IpAddresses.format(hop);
            if (!isTrusted(client)) {
                return client;
            }
        }
        return client;
    }

    private static boolean sameHops(List<String> a, List<String> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            String x = IpAddresses.canonical(a.get(i));
            String y = IpAddresses.canonical(b.get(i));
            if (x == null ? !a.get(i).equalsIgnoreCase(b.get(i)) : !x.equals(y)) {
                return false;
            }
        }
        return true;
    }

    private static List<String> xForwardedFor(HttpServletRequest request) {
        List<String> hops = new ArrayList<>();
        for (String value : Collections.list(headers(request, "X-Forwarded-For"))) {
            for (String part : value.split(",", -1)) {
                hops.add(stripPort(part.trim()));
            }
        }
        return hops;
    }

    private static List<String> forwardedHops(HttpServletRequest request) {
        List<String> hops = new ArrayList<>();
        for (String value : Collections.list(headers(request, "Forwarded"))) {
            for (String element : value.split(",", -1)) {
                String hop = "";
                for (String pair : element.split(";")) {
                    String p = pair.trim();
                    if (p.toLowerCase(Locale.ROOT).startsWith("for=")) {
                        String v = p.substring(4).trim();
                        if (v.startsWith("\"") && v.endsWith("\"") && v.length() >= 2) {
                            v = v.substring(1, v.length() - 1);
                        }
                        hop = stripPort(v);
                    }
                }
                hops.add(hop); // an element without for= is an unknown hop
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
