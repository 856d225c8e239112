package dev.zt.internal.keys;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * The TLS side of an outbound client (zt to its AuthZEN PDP): the CA certificates the server must chain to (else the
 * JVM's trust store), and the client certificate zt presents (mutual TLS, RFC 8705). The certificate chain and its
 * PKCS#8 private key are read from files and reread when either file changes (checked at most every {@link
 * #RELOAD_CHECK} when a new connection is made), so that short-lived certificates rotated on disk (cert-manager,
 * SPIFFE helpers) are used without a restart; a rotation that cannot be read keeps the previous certificate and is
 * logged; a reload forgets the TLS sessions made with the previous certificate, so that no resumed session goes on
 * presenting it. Key and certificate must belong together, checked by a signature at every load.
 */
public final class ClientTls {

    /** How often a new connection looks at the certificate files again. */
    public static final Duration RELOAD_CHECK = Duration.ofSeconds(30);

    private static final System.Logger LOG = System.getLogger("dev.zt.tls");
    private static final Pattern PRIVATE_PEM = Pattern.compile(
            "-----BEGIN ([A-Z ]*)PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END \\1PRIVATE KEY-----");

    private final SSLContext context;
    private final ReloadingKeyManager keys;

    private ClientTls(SSLContext context, ReloadingKeyManager keys) {
        this.context = context;
        this.keys = keys;
    }

    /**
     * The TLS side of a client.
     *
     * @param certificate the PEM certificate chain (leaf first), or null for no client certificate
     * @param keyReference {@code file:path} or {@code env:NAME} of the leaf's PEM PKCS#8 private key (with a
     *     certificate)
     * @param caFile PEM CA certificates to trust instead of the JVM's trust store, or null
     * @throws IllegalArgumentException saying what cannot be used (never a key's content)
     */
    public static ClientTls create(Path certificate, String keyReference, Path caFile, Map<String, String> environment,
            Clock clock) {
        try {
            TrustManager[] trust = null;
            if (caFile != null) {
                List<X509Certificate> cas = certificates(caFile);
                KeyStore ks = KeyStore.getInstance("PKCS12");
                ks.load(null, null);
                for (int i = 0; i < cas.size(); i++) {
                    ks.setCertificateEntry("ca-" + i, cas.get(i));
                }
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(ks);
                trust = tmf.getTrustManagers();
            }
            ReloadingKeyManager keys = null;
            if (certificate != null) {
                keys = new ReloadingKeyManager(certificate, Objects.requireNonNull(keyReference, "keyReference"),
                        environment, clock);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys == null ? null : new KeyManager[] {keys}, trust, new SecureRandom());
            if (keys != null) {
                keys.sessions = context.getClientSessionContext();
            }
            return new ClientTls(context, keys);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("cannot set up TLS (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** The context to make connections with. */
    public SSLContext context() {
        return context;
    }

    /**
     * Looks at the certificate files when a check is due, before a call: a resumed TLS session does not ask for the
     * certificate, so the handshake alone would never notice a rotation. Cheap when no check is due.
     */
    public void checkRotation() {
        if (keys != null) {
            keys.current();
        }
    }

    /** Every certificate of a PEM file. */
    static List<X509Certificate> certificates(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
        }
        Collection<? extends Certificate> all;
        try {
            all = CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(bytes));
        } catch (CertificateException e) {
            throw new IllegalArgumentException(file + " is not a PEM certificate file");
        }
        List<X509Certificate> out = new ArrayList<>();
        for (Certificate c : all) {
            out.add((X509Certificate) c);
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(file + " holds no certificate");
        }
        return out;
    }

    /** The private key of a PEM text: PKCS#8 only ({@code BEGIN PRIVATE KEY}), named when it is another form. */
    static PrivateKey privateKey(String text, String reference) {
        Matcher m = PRIVATE_PEM.matcher(text);
        if (!m.find()) {
            throw new IllegalArgumentException(reference + " holds no PEM private key");
        }
        if (!m.group(1).isEmpty()) {
            throw new IllegalArgumentException(reference + " holds a " + m.group(1).trim() + " PRIVATE KEY; zt reads"
                    + " unencrypted PKCS#8 (BEGIN PRIVATE KEY): convert it with openssl pkcs8 -topk8 -nocrypt, or set"
                    + " cert-manager's privateKey.encoding to PKCS8");
        }
        return SigningKeys.pkcs8(Base64.getMimeDecoder().decode(m.group(2)));
    }

    /** Fails unless {@code key} is the private half of {@code leaf}'s public key. */
    static void requirePair(PrivateKey key, X509Certificate leaf) {
        PublicKey pub = leaf.getPublicKey();
        String alg = pub.getAlgorithm().equals("RSA") ? "SHA256withRSA" : pub.getAlgorithm().equals("EC")
                ? "SHA256withECDSA" : pub.getAlgorithm();
        try {
            byte[] probe = "zt client certificate".getBytes(StandardCharsets.US_ASCII);
            Signature s = Signature.getInstance(alg);
            s.initSign(key);
            s.update(probe);
            byte[] sig = s.sign();
            Signature v = Signature.getInstance(alg);
            v.initVerify(pub);
            v.update(probe);
            if (v.verify(sig)) {
                return;
            }
        } catch (GeneralSecurityException e) {
            // a key of another type: not the pair either
        }
        throw new IllegalArgumentException("the private key does not belong to the certificate "
                + leaf.getSubjectX500Principal().getName());
    }

    /**
     * Presents the current certificate: a key manager per load, chosen under an alias naming the load, so that a
     * handshake asking for the chain and key of the alias it was given gets one pair even across a reload.
     */
    private static final class ReloadingKeyManager extends X509ExtendedKeyManager {

        private final Path certificate;
        private final String keyReference;
        private final Path keyFile;
        private final Map<String, String> environment;
        private final Clock clock;
        private final AtomicLong generation = new AtomicLong();
        private volatile Loaded current;
        private volatile Loaded previous;
        private volatile long nextCheck;
        /** The TLS sessions to forget on a reload: a resumed session would go on naming the old certificate. */
        private volatile SSLSessionContext sessions;

        private static final class Loaded {
            final String alias;
            final X509ExtendedKeyManager manager;
            final String stamp;

            Loaded(String alias, X509ExtendedKeyManager manager, String stamp) {
                this.alias = alias;
                this.manager = manager;
                this.stamp = stamp;
            }
        }

        ReloadingKeyManager(Path certificate, String keyReference, Map<String, String> environment, Clock clock) {
            this.certificate = certificate;
            this.keyReference = keyReference;
            this.keyFile = keyReference.startsWith("file:") ? Path.of(keyReference.substring(5)) : null;
            this.environment = environment;
            this.clock = clock;
            this.current = load(stamp());
            this.nextCheck = clock.millis() + RELOAD_CHECK.toMillis();
        }

        /** The files' modification times and sizes: a change of either is a rotation. */
        private String stamp() {
            try {
                String s = Files.getLastModifiedTime(certificate).toMillis() + "/" + Files.size(certificate);
                return keyFile == null ? s : s + "/" + Files.getLastModifiedTime(keyFile).toMillis() + "/" + Files.size(
                        keyFile);
            } catch (IOException e) {
                return "unreadable";
            }
        }

        private Loaded load(String stamp) {
            List<X509Certificate> chain = certificates(certificate);
            PrivateKey key = privateKey(Secrets.loadText(keyReference, environment), keyReference);
            requirePair(key, chain.get(0));
            String alias = "zt-" + generation.incrementAndGet();
            try {
                char[] password = new char[0];
                KeyStore ks = KeyStore.getInstance("PKCS12");
                ks.load(null, null);
                ks.setKeyEntry(alias, key, password, chain.toArray(new X509Certificate[0]));
                KeyManagerFactory kmf = KeyManagerFactory.getInstance("SunX509");
                kmf.init(ks, password);
                return new Loaded(alias, (X509ExtendedKeyManager) kmf.getKeyManagers()[0], stamp);
            } catch (GeneralSecurityException | IOException e) {
                throw new IllegalArgumentException("cannot use the client certificate (" + e.getClass().getSimpleName()
                        + ")");
            }
        }

        /** The current load, after looking at the files when a check is due. */
        private Loaded current() {
            long now = clock.millis();
            if (now < nextCheck) {
                return current;
            }
            synchronized (this) {
                if (now >= nextCheck) {
                    nextCheck = now + RELOAD_CHECK.toMillis();
                    String stamp = stamp();
                    if (!stamp.equals(current.stamp)) {
                        try {
                            Loaded next = load(stamp);
                            previous = current;
                            current = next;
                            forgetSessions();
                            LOG.log(Level.INFO, "zt: the client certificate " + certificate + " was reloaded");
                        } catch (IllegalArgumentException e) {
                            LOG.log(Level.WARNING, "zt: the client certificate " + certificate + " changed but cannot"
                                    + " be used, the previous one stays: " + e.getMessage());
                        }
                    }
                }
                return current;
            }
        }

        private void forgetSessions() {
            SSLSessionContext c = sessions;
            if (c == null) {
                return;
            }
            for (Enumeration<byte[]> ids = c.getIds(); ids.hasMoreElements();) {
                SSLSession s = c.getSession(ids.nextElement());
                if (s != null) {
                    s.invalidate();
                }
            }
        }

        private X509ExtendedKeyManager managerOf(String alias) {
            Loaded c = current;
            if (c.alias.equals(alias)) {
                return c.manager;
            }
            Loaded p = previous;
            return p != null && p.alias.equals(alias) ? p.manager : null;
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return current().manager.chooseClientAlias(keyType, issuers, socket);
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
            return current().manager.chooseEngineClientAlias(keyType, issuers, engine);
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            X509ExtendedKeyManager m = managerOf(alias);
            return m == null ? null : m.getCertificateChain(alias);
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            X509ExtendedKeyManager m = managerOf(alias);
            return m == null ? null : m.getPrivateKey(alias);
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return current().manager.getClientAliases(keyType, issuers);
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return null;
        }
    }
}
