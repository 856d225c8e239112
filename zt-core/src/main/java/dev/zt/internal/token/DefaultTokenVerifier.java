package dev.zt.internal.token;

import dev.zt.internal.cache.Caches;
import static dev.zt.internal.token.Rejections.reject;

import com.github.benmanes.caffeine.cache.Cache;
import dev.zt.config.IssuerConfig;
import dev.zt.config.ZtConfig;
import dev.zt.spi.keys.KeySource;
import dev.zt.spi.store.RevocationStore;
import dev.zt.spi.keys.VerificationKey;
import dev.zt.token.RejectionReason;
import dev.zt.token.TokenRejectedException;
import dev.zt.token.TokenVerifier;
import dev.zt.token.VerifiedToken;

import java.security.Provider;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;

/**
 * zt's hardened verifier. Full path: length cap, strict compact syntax and JSON, header rules, exact issuer, per
 * issuer algorithm allowlist, key selection, signature (jjwt), time claims, audience, typed claims, revocation.
 * Cached path (exact token string): time claims, key still trusted, revocation.
 */
public final class DefaultTokenVerifier implements TokenVerifier {

    private static final Set<String> ALL_ALGORITHMS = ZtConfig.SUPPORTED_ALGORITHMS;

    private final Clock clock;
    private final int maxLength;
    private final TimeRules times;
    private final Map<String, IssuerRuntime> byIssuer;
    private final RevocationStore revocations;
    private final Cache<TokenKey, Entry> cache;
    private final List<KeySource> keySources;
    /** The key source of each issuer, by its configured name (for the health view). */
    private final Map<String, KeySource> keySourcesByName;
    private final ExecutorService executor;
    /** Algorithms verified with {@code zt.crypto.provider}, and that provider. */
    private final Map<String, Provider> providers;

    /** Creates a verifier; applications get theirs from {@link dev.zt.ZeroTrust#builder(ZtConfig)}. */
    public DefaultTokenVerifier(ZtConfig config, List<IssuerConfig> issuers, Clock clock,
            Map<String, KeySource> keySources, RevocationStore revocations, ExecutorService executor) {
        this.clock = clock;
        this.maxLength = config.maxTokenLength();
        this.times = new TimeRules(config.maxTokenAge().map(d -> d.toMillis()).orElse(-1L),
                config.subjectRevocationRetention().toMillis());
        Map<String, IssuerRuntime> map = new HashMap<>();
        for (IssuerConfig ic : issuers) {
            if (map.put(ic.issuer(), new IssuerRuntime(ic, keySources.get(ic.name()))) != null) {
                throw new IllegalStateException("two issuers trust iss " + ic.issuer());
            }
        }
        this.byIssuer = Map.copyOf(map);
        this.keySources = List.copyOf(keySources.values());
        this.keySourcesByName = Map.copyOf(keySources);
        this.revocations = revocations;
        this.executor = executor;
        this.providers = providers(config);
        this.cache = config.cacheMaxEntries() == 0 ? null : Caches.builder(clock, config.cacheMaxEntries())
                .expireAfter(Caches.<TokenKey, Entry>until(clock, e -> times.acceptedUntil(e.issuer, e.exp, e.iat))).build();
    }

    /**
     * The JCA provider per algorithm of {@code zt.crypto.provider-algorithms}.
     *
     * @throws dev.zt.config.ConfigurationException when the provider lacks one of them
     */
    public static Map<String, Provider> providers(ZtConfig config) {
        Map<String, Provider> byAlg = new HashMap<>();
        config.cryptoProvider().ifPresent(p -> {
            for (String alg : config.cryptoProviderAlgorithms()) {
                String jca = Algorithms.jcaName(alg);
                if (p.getService("Signature", jca) == null) {
                    throw new dev.zt.config.ConfigurationException(dev.zt.config.ConfigKeys.CRYPTO_PROVIDER_ALGORITHMS,
                            "'" + dev.zt.config.ConfigKeys.CRYPTO_PROVIDER_ALGORITHMS + "': provider " + p.getName()
                                    + " has no Signature '" + jca + "' for " + alg);
                }
                byAlg.put(alg, p);
            }
        });
        return Map.copyOf(byAlg);
    }

    @Override
    public VerifiedToken verify(String token) {
        checkLength(token);
        TokenKey key = null;
        if (cache != null) {
            key = new TokenKey(token);
            Entry cached = cache.getIfPresent(key);
            if (cached != null) {
                long now = clock.millis();
                times.check(cached.issuer, cached.exp, cached.nbf, cached.iat, now);
                if (JwsVerifier.keys(cached.issuer.keys, null).contains(cached.key)) {
                    checkRevocation(cached.token);
                    return cached.token;
                }
                cache.invalidate(key); // its key left the issuer's set: verify again from scratch
            }
        }
        Entry entry = verifyFully(token, TokenShape.Purpose.ACCESS);
        checkRevocation(entry.token);
        if (cache != null) {
            cache.put(key, entry);
        }
        return entry.token;
    }

    @Override
    public VerifiedToken verifyLogoutToken(String token) {
        checkLength(token);
        // never cached, never looked up: each logout token is verified in full and used once
        return verifyFully(token, TokenShape.Purpose.LOGOUT).token;
    }

    @Override
    public VerifiedToken verifyIdToken(String token, String issuerName, String nonce) {
        checkLength(token);
        Entry entry = verifyFully(token, TokenShape.Purpose.ID);
        IssuerConfig ic = entry.issuer.config;
        if (!ic.name().equals(issuerName)) {
            throw reject(RejectionReason.ISSUER_UNTRUSTED, "the ID token was issued by " + ic.name() + ", not by "
                    + issuerName + " where the login took place");
        }
        TokenShape.checkIdToken(ic, entry.token, nonce);
        return entry.token;
    }

    /** Refuses empty and over-long tokens before any decoding. */
    private void checkLength(String token) {
        if (token == null || token.isEmpty()) {
            throw reject(RejectionReason.TOKEN_MALFORMED, "no token");
        }
        if (token.length() > maxLength) {
            throw reject(RejectionReason.TOKEN_TOO_LARGE, "token longer than " + maxLength + " characters");
        }
    }

    private Entry verifyFully(String token, TokenShape.Purpose purpose) {
        CompactJws jws = CompactJws.parse(token);
        String alg = JwsVerifier.checkHeader(jws.header(), ALL_ALGORITHMS);
        Map<String, Object> claims = jws.claims();
        Object iss = claims.get("iss");
        if (iss == null) {
            throw reject(RejectionReason.ISSUER_UNTRUSTED, "the token has no iss");
        }
        if (!(iss instanceof String)) {
            throw reject(RejectionReason.CLAIM_INVALID, "iss is not a string");
        }
        IssuerRuntime issuer = byIssuer.get(iss);
        if (issuer == null) {
            throw reject(RejectionReason.ISSUER_UNTRUSTED, "iss is not a trusted issuer");
        }
        IssuerConfig ic = issuer.config;
        if (!ic.algorithms().contains(alg)) {
            throw reject(RejectionReason.ALGORITHM_NOT_ALLOWED, "algorithm " + alg + " is not allowed for issuer "
                    + ic.name());
        }
        TokenShape.checkType(ic, (String) jws.header().get("typ"), purpose);
        String kid = (String) jws.header().get("kid");
        VerificationKey key = JwsVerifier.selectKey(alg, kid, issuer.keys);
        JwsVerifier.verifySignature(jws, alg, key, providers.get(alg));

        long now = clock.millis();
        long exp = Claims.numericDate(claims, "exp", true);
        long nbf = Claims.numericDate(claims, "nbf", false);
        long iat = Claims.numericDate(claims, "iat", false);
        times.check(issuer, exp, nbf, iat, now);
        Set<String> audiences = Claims.audiences(claims);
        Set<String> accepted = purpose == TokenShape.Purpose.LOGOUT ? ic.logoutAudiences()
                : purpose == TokenShape.Purpose.ID ? ic.clientId().map(Set::of).orElse(Set.of()) : ic.audiences();
        if (audiences.stream().noneMatch(accepted::contains)) {
            throw reject(RejectionReason.AUDIENCE_MISMATCH, audiences.isEmpty() ? "the token has no aud"
                    : "aud does not contain an accepted audience");
        }
        TokenShape.checkLogoutShape(claims, iat, purpose);
        if (ic.type() == IssuerConfig.Type.SERVICE && purpose == TokenShape.Purpose.ACCESS
                && !ic.issuer().equals(Claims.string(claims, "sub"))) {
            throw reject(RejectionReason.CLAIM_INVALID, "a service issuer's tokens must have sub equal to iss (issuer "
                    + ic.name() + " speaks for itself only)");
        }
        VerifiedToken verified = TokenShape.verified(issuer, alg, kid, audiences, claims, exp, nbf, iat);
        return new Entry(verified, issuer, key, exp, nbf, iat);
    }

    private void checkRevocation(VerifiedToken token) {
        boolean revoked;
        try {
            revoked = revocations.isRevoked(token);
        } catch (RuntimeException e) {
            throw new TokenRejectedException(RejectionReason.STORE_UNAVAILABLE, "the revocation store could not"
                    + " answer", e);
        }
        if (revoked) {
            throw reject(RejectionReason.TOKEN_REVOKED, "the token was revoked");
        }
    }

    /** The key source of each issuer, by the issuer's configured name. */
    public Map<String, KeySource> keySources() {
        return keySourcesByName;
    }

    /** The revocation store consulted on every verification. */
    public RevocationStore revocationStore() {
        return revocations;
    }

    /** The number of cached verified tokens (approximate), for tests and metrics. */
    public long cachedTokens() {
        if (cache == null) {
            return 0;
        }
        cache.cleanUp();
        return cache.estimatedSize();
    }

    @Override
    public void close() {
        for (KeySource k : keySources) {
            k.close();
        }
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    /**
     * The cache's key: the whole token, compared in full, but hashed over its last {@value #HASHED} characters only.
     * A server reads each request's token into a new string, whose {@code hashCode} would run over all of it (an RS256
     * access token is ~800 characters: ~0.6 us on JDK 17, a tenth of what zt adds to a cached request). The tail of a
     * compact JWS is its signature, which differs between any two tokens the cache can hold (only verified ones are
     * put in it), and which a caller cannot choose without the issuer's key; a presented token that shares a cached
     * token's tail without being it costs one comparison and misses.
     */
    static final class TokenKey {
        static final int HASHED = 32;
        final String token;
        private final int hash;

        TokenKey(String token) {
            this.token = token;
            int n = token.length();
            int h = n;
            for (int i = Math.max(0, n - HASHED); i < n; i++) {
                h = 31 * h + token.charAt(i);
            }
            this.hash = h;
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof TokenKey && ((TokenKey) o).hash == hash && ((TokenKey) o).token.equals(token);
        }
    }

    /** A cached verification: the token, its issuer, the key that verified it and its time claims. */
    private static final class Entry {
        final VerifiedToken token;
        final IssuerRuntime issuer;
        final VerificationKey key;
        final long exp;
        final long nbf;
        final long iat;

        Entry(VerifiedToken token, IssuerRuntime issuer, VerificationKey key, long exp, long nbf, long iat) {
            this.token = token;
            this.issuer = issuer;
            this.key = key;
            this.exp = exp;
            this.nbf = nbf;
            this.iat = iat;
        }
    }

}
