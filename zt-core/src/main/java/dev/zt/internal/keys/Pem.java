package dev.zt.internal.keys;

import java.io.ByteArrayInputStream;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a PEM public key ({@code PUBLIC KEY}, SubjectPublicKeyInfo) or certificate ({@code CERTIFICATE}). */
public final class Pem {

    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");

    private Pem() {
    }

    /**
     * Parses the first PEM block of the text.
     *
     * @throws IllegalArgumentException for private keys, PKCS#1 RSA keys, unknown key types or malformed text
     */
    public static PublicKey publicKey(String text) {
        Matcher m = BLOCK.matcher(text);
        if (!m.find()) {
            throw new IllegalArgumentException("no PEM block found");
        }
        String type = m.group(1);
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(m.group(2));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("PEM body is not base64");
        }
        switch (type) {
            case "PUBLIC KEY":
                return spki(der);
            case "CERTIFICATE":
                try {
                    return CertificateFactory.getInstance("X.509")
                            .generateCertificate(new ByteArrayInputStream(der)).getPublicKey();
                } catch (CertificateException e) {
                    throw new IllegalArgumentException("not an X.509 certificate");
                }
            case "RSA PUBLIC KEY":
                throw new IllegalArgumentException("PKCS#1 'RSA PUBLIC KEY' is not supported; convert it with"
                        + " 'openssl rsa -RSAPublicKey_in -pubout'");
            default:
                if (type.contains("PRIVATE")) {
                    throw new IllegalArgumentException("this is a private key; configure the public key");
                }
                throw new IllegalArgumentException("unsupported PEM type '" + type + "'");
        }
    }

    private static PublicKey spki(byte[] der) {
        for (String algorithm : new String[] {"RSA", "EC", "Ed25519", "Ed448"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
            } catch (InvalidKeySpecException | java.security.NoSuchAlgorithmException e) {
                // try the next key type
                continue;
            }
        }
        throw new IllegalArgumentException("not an RSA, EC or EdDSA public key");
    }
}
