package dev.zt.testing;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;

/** Two self-signed client certificates (P-256, made with openssl for these tests) and their RFC 8705 thumbprints. */
public final class TestCertificates {
    public static final X509Certificate A = load("client-a.pem");
    public static final X509Certificate B = load("client-b.pem");

    private TestCertificates() {
    }

    /** The x5t#S256 of a certificate, computed here. */
    public static String thumbprint(X509Certificate c) {
        try {
            return Signer.b64(MessageDigest.getInstance("SHA-256").digest(c.getEncoded()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The RFC 9440 Client-Cert header value of a certificate: {@code :base64(DER):}. */
    public static String header(X509Certificate c) {
        try {
            return ":" + Base64.getEncoder().encodeToString(c.getEncoded()) + ":";
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate load(String name) {
        try (InputStream in = TestCertificates.class.getResourceAsStream(name)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (IOException | java.security.cert.CertificateException e) {
            throw new IllegalStateException(e);
        }
    }
}
