package dev.zt.filter.internal.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zt.internal.net.Cidr;
import dev.zt.testing.TestCertificates;
import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.List;

/**
 * Where the client certificate comes from: the container's TLS attribute first (the client's own certificate, the
 * first of the chain), else the forwarded header from a trusted proxy only.
 */
class ClientCertificatesTest {

    private static final ClientAddresses PROXIES = new ClientAddresses(List.of(Cidr.parse("10.0.0.1")),
            ClientAddresses.Header.X_FORWARDED_FOR);
    private final ClientCertificates certificates = new ClientCertificates(PROXIES, "Client-Cert");

    private static HttpServletRequest request(String peer, Object attribute, List<String> header) {
        return (HttpServletRequest) Proxy.newProxyInstance(ClientCertificatesTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (p, m, a) -> {
                    switch (m.getName()) {
                        case "getAttribute":
                            return "jakarta.servlet.request.X509Certificate".equals(a[0]) ? attribute : null;
                        case "getRemoteAddr":
                            return peer;
                        case "getHeaders":
                            return Collections.enumeration("Client-Cert".equalsIgnoreCase((String) a[0]) ? header
                                    : List.of());
                        default:
                            throw new UnsupportedOperationException(m.getName());
                    }
                });
    }

    @Test
    void theContainersTlsClientCertificateComesFirst() throws Exception {
        X509Certificate[] chain = {TestCertificates.A, TestCertificates.B};
        assertThat(certificates.of(request("203.0.113.9", chain, List.of()))).isEqualTo(TestCertificates.A);
        assertThat(certificates.of(request("10.0.0.1", chain, List.of(TestCertificates.header(TestCertificates.B)))))
                .isEqualTo(TestCertificates.A);
    }

    @Test
    void aForwardedCertificateIsReadFromATrustedProxyOnly() throws Exception {
        List<String> header = List.of(TestCertificates.header(TestCertificates.B));
        assertThat(certificates.of(request("10.0.0.1", null, header))).isEqualTo(TestCertificates.B);
        assertThat(certificates.of(request("203.0.113.9", null, header))).isNull();
        assertThat(certificates.of(request("10.0.0.1", null, List.of()))).isNull();
        assertThat(new ClientCertificates(PROXIES, null).of(request("10.0.0.1", null, header))).isNull();
    }

    @Test
    void aMalformedOrRepeatedHeaderFromATrustedProxyIsRefused() {
        for (List<String> bad : List.of(List.of(":not base64!:"), List.of("::"), List.of("x".repeat(17_000)),
                List.of(TestCertificates.header(TestCertificates.A), TestCertificates.header(TestCertificates.B)))) {
            assertThatThrownBy(() -> certificates.of(request("10.0.0.1", null, bad)))
                    .isInstanceOf(RequestRejectedException.class);
        }
    }

}
