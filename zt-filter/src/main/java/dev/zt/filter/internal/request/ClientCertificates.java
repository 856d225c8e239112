package dev.zt.filter.internal.request;

import jakarta.servlet.http.HttpServletRequest;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Collections;
import java.util.List;

/**
 * The client's TLS certificate: the container's ({@code jakarta.servlet.request.X509Certificate}, when the container
 * terminates TLS with client authentication), else the one a TLS-terminating proxy forwards in the RFC 9440
 * {@code Client-Cert} header ({@code zt.client-cert.header}), believed only when the direct peer is in
 * {@code zt.trusted-proxies}: from anyone else the header is ignored. A forwarded value of at most 16 KiB must hold one
 * X.509 certificate, as an RFC 8941 byte sequence ({@code :base64 DER:}, RFC 9440: HAProxy) or a URL-encoded PEM
 * (nginx's {@code $ssl_client_escaped_cert}, Envoy's {@code %DOWNSTREAM_PEER_CERT%}); anything else is refused: a
 * trusted proxy never sends it.
 */
public final class ClientCertificates {

    /** The longest header value read. */
    static final int MAX_HEADER_LENGTH = 16 * 1024;
    private static final String ATTRIBUTE = "jakarta.servlet.request.X509Certificate";

    private final ClientAddresses proxies;
    private final String header;

    /** Creates the reader; {@code header} null: forwarded certificates are never read. */
    public ClientCertificates(ClientAddresses proxies, String header) {
        this.proxies = proxies;
        this.header = header;
    }

    /**
     * The request's client certificate, or null.
     *
     * @throws RequestRejectedException for a malformed certificate header from a trusted proxy
     */
    public X509Certificate of(HttpServletRequest request) throws RequestRejectedException {
        Object attribute = request.getAttribute(ATTRIBUTE);
        if (attribute instanceof X509Certificate[] && ((X509Certificate[]) attribute).length > 0) {
            return ((X509Certificate[]) attribute)[0];
        }
        if (header == null || !proxies.isTrusted(request.getRemoteAddr())) {
            return null;
        }
        List<String> values = Collections.list(request.getHeaders(header));
        if (values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw new RequestRejectedException("more than one " + header + " header");
        }
        String v = values.get(0).trim();
        if (v.length() > MAX_HEADER_LENGTH) {
            throw new RequestRejectedException(header + " is longer than " + MAX_HEADER_LENGTH + " characters");
        }
        byte[] encoded;
        if (v.length() >= 3 && v.charAt(0) == ':' && v.charAt(v.length() - 1) == ':') {
            try {
                encoded = Base64.getDecoder().decode(v.substring(1, v.length() - 1)); // RFC 9440: DER
            } catch (IllegalArgumentException e) {
                throw new RequestRejectedException(header + " is not one RFC 8941 byte sequence");
            }
        } else if (v.regionMatches(true, 0, "%2D%2D%2D%2D%2DBEGIN", 0, 20) || v.startsWith("-----BEGIN")) {
            encoded = percentDecoded(v); // nginx $ssl_client_escaped_cert, Envoy %DOWNSTREAM_PEER_CERT%: PEM
        } else {
            throw new RequestRejectedException(header + " is neither an RFC 9440 byte sequence nor a URL-encoded PEM"
                    + " certificate");
        }
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(encoded));
        } catch (CertificateException | ClassCastException e) {
            throw new RequestRejectedException(header + " does not hold an X.509 certificate");
        }
    }

    /** Decodes {@code %XX} (a {@code +} stays a {@code +}: it is base64 in a PEM, never a space). */
    private static byte[] percentDecoded(String v) throws RequestRejectedException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(v.length());
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '%') {
                int hi = i + 2 < v.length() ? Character.digit(v.charAt(i + 1), 16) : -1;
                int lo = i + 2 < v.length() ? Character.digit(v.charAt(i + 2), 16) : -1;
                if (hi < 0 || lo < 0) {
                    throw new RequestRejectedException("a broken percent-encoding in the certificate header");
                }
                out.write(hi * 16 + lo);
                i += 2;
            } else if (c > 0x7e) {
                throw new RequestRejectedException("a non-ASCII character in the certificate header");
            } else {
                out.write(c);
            }
        }
        return out.toByteArray();
    }
}
