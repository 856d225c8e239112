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
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
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

    /** The {@code events} member that makes a JWT a back-channel logout token (OIDC Back-Channel Logout 1.0, 2.4). */
    static final String LOGOUT_EVENT = "http://schemas.openid.net/event/backchannel-logout";

    /** The explicit type of logout tokens (OIDC Back-Channel Logout 1.0, section 2.4). */
    static final String LOGOUT_TYP = "logout+jwt";

    /** What a token is verified as: the two never pass for each other. */
    private enum Purpose { ACCESS, LOGOUT }

    private final Clock clock;
    private final int maxLength;
    private final long maxTokenAgeMillis;
    private final Map<String, IssuerRuntime> byIssuer;
    private final RevocationStore revocations;
    private final Cache<String, Entry> cache;
    private final List<KeySource> keySources;
    private final ExecutorService executor;
    /** Algorithms verified with {@code zt.crypto.provider}, and that provider. */
    private final Map<String, Provider> providers;

    /** Creates a verifier; use {@link TokenVerifier#builder(ZtConfig)}. */
    public DefaultTokenVerifier(ZtConfig config, List<IssuerConfig> issuers, Clock clock,
            Map<String, KeySource> keySources, RevocationStore revocations, ExecutorService executor) {
        this.clock = clock;
        this.maxLength = config.maxTokenLength();
        this.maxTokenAgeMillis = config.maxTokenAge().map(d -> d.toMillis()).orElse(-1L);
        Map<String, IssuerRuntime> map = new HashMap<>();
        for (IssuerConfig ic : issuers) {
            if (map.put(ic.issuer(), new IssuerRuntime(ic, keySources.get(ic.name()))) != null) {
                throw new IllegalStateException("two issuers trust iss " + ic.issuer());
            }
        }
        this.byIssuer = Map.copyOf(map);
        this.keySources = List.copyOf(keySources.values());
        this.revocations = revocations;
        this.executor = executor;
        this.providers = providers(config);
        this.cache = config.cacheMaxEntries() == 0 ? null : Caches.builder(clock, config.cacheMaxEntries())
                .expireAfter(Caches.<String, Entry>until(clock, this::cachedUntil)).build();
    }

    /**
     * The JCA provider per algorithm of {@code zt.crypto.provider-algorithms}.
     *
     * @throws dev.zt.config.ConfigurationException when the provider lacks one of them
     */
    static Map<String, Provider> providers(ZtConfig config) {
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
        if (cache != null) {
            Entry cached = cache.getIfPresent(token);
            if (cached != null) {
                long now = clock.millis();
                checkTimes(cached.issuer, cached.exp, cached.nbf, cached.iat, now);
                if (JwsVerifier.keys(cached.issuer.keys, null).contains(cached.key)) {
                    checkRevocation(cached.token);
                    return cached.token;
                }
                cache.invalidate(token); // its key left the issuer's set: verify again from scratch
            }
        }
        Entry entry = verifyFully(token, Purpose.ACCESS);
        checkRevocation(entry.token);
        if (cache != null) {
            cache.put(token, entry);
        }
        return entry.token;
    }

    @Override
    public VerifiedToken verifyLogoutToken(String token) {
        checkLength(token);
        // never cached, never looked up: each logout token is verified in full and used once
        return verifyFully(token, Purpose.LOGOUT).token;
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

    private Entry verifyFully(String token, Purpose purpose) {
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
        String typ = (String) jws.header().get("typ");
        if (purpose == Purpose.LOGOUT) {
            if (ic.logoutAudiences().isEmpty()) {
                throw reject(RejectionReason.ISSUER_UNTRUSTED, "issuer " + ic.name() + " may not send logout tokens"
                        + " (no logout-audience configured)");
            }
            if (typ != null && !typMatches(LOGOUT_TYP, typ)) {
                throw reject(RejectionReason.HEADER_INVALID, "a logout token's typ must be " + LOGOUT_TYP);
            }
        } else {
            if (typ != null && typMatches(LOGOUT_TYP, typ)) {
                throw reject(RejectionReason.HEADER_INVALID, "a logout token is not an access token");
            }
            if (ic.typ().isPresent() && !typMatches(ic.typ().get(), typ)) {
                throw reject(RejectionReason.HEADER_INVALID, "typ must be " + ic.typ().get());
            }
        }
        String kid = (String) jws.header().get("kid");
        VerificationKey key = JwsVerifier.selectKey(alg, kid, issuer.keys);
        JwsVerifier.verifySignature(jws, alg, key, providers.get(alg));

        long now = clock.millis();
        long exp = Claims.numericDate(claims, "exp", true);
        long nbf = Claims.numericDate(claims, "nbf", false);
        long iat = Claims.numericDate(claims, "iat", false);
        checkTimes(issuer, exp, nbf, iat, now);
        Set<String> audiences = Claims.audiences(claims);
        Set<String> accepted = purpose == Purpose.LOGOUT ? ic.logoutAudiences() : ic.audiences();
        if (audiences.stream().noneMatch(accepted::contains)) {
            throw reject(RejectionReason.AUDIENCE_MISMATCH, audiences.isEmpty() ? "the token has no aud"
                    : "aud does not contain an accepted audience");
        }
        checkLogoutShape(claims, iat, purpose);
        long authTime = Claims.numericDate(claims, "auth_time", false);
        String subject = Claims.string(claims, "sub");
        boolean service = ic.type() == IssuerConfig.Type.SERVICE;
        if (service && purpose == Purpose.ACCESS && !ic.issuer().equals(subject)) {
            throw reject(RejectionReason.CLAIM_INVALID, "a service issuer's tokens must have sub equal to iss (issuer "
                    + ic.name() + " speaks for itself only)");
        }
        boolean acrTrusted = ic.trusts(IssuerConfig.TrustedClaim.ACR);
        String acr = Claims.string(claims, "acr");
        List<String> amr = Claims.stringList(claims, "amr");
        Set<String> roles = Claims.roles(claims, issuer.rolesPath, ic.rolesClaim());
        Set<String> scopes = Claims.scopes(claims, ic);
        VerifiedToken verified = VerifiedToken.builder()
                .issuerName(ic.name())
                .service(service)
                .algorithm(alg)
                .keyId(kid)
                .issuer(ic.issuer())
                .subject(subject)
                .audiences(audiences)
                .expiresAt(Instant.ofEpochMilli(exp))
                .issuedAt(instant(iat))
                .notBefore(instant(nbf))
                .authTime(acrTrusted ? instant(authTime) : null) // what the issuer may not assert is dropped
                .acr(acrTrusted ? acr : null)
                .amr(acrTrusted ? amr : List.of())
                .sessionId(Claims.string(claims, "sid"))
                .tokenId(Claims.string(claims, "jti"))
                .confirmation(Claims.object(claims, "cnf"))
                .roles(ic.trusts(IssuerConfig.TrustedClaim.ROLES) ? roles : Set.of())
                .scopes(ic.trusts(IssuerConfig.TrustedClaim.SCOPES) ? scopes : Set.of())
                .claims(claims)
                .build();
        return new Entry(verified, issuer, key, exp, nbf, iat);
    }

    /**
     * A logout token has {@code iat}, {@code jti}, {@code sub} or {@code sid}, the logout event and no {@code nonce}
     * (OIDC Back-Channel Logout 1.0, section 2.6); an access token never carries the logout event.
     */
    private static void checkLogoutShape(Map<String, Object> claims, long iat, Purpose purpose) {
        Object events = claims.get("events");
        boolean logoutEvent = events instanceof Map && ((Map<?, ?>) events).containsKey(LOGOUT_EVENT);
        if (purpose == Purpose.ACCESS) {
            if (logoutEvent) {
                throw reject(RejectionReason.CLAIM_INVALID, "a logout token is not an access token");
            }
            return;
        }
        if (!logoutEvent || !(((Map<?, ?>) events).get(LOGOUT_EVENT) instanceof Map)) {
            throw reject(RejectionReason.CLAIM_INVALID, "events must hold the back-channel logout event");
        }
        if (claims.containsKey("nonce")) {
            throw reject(RejectionReason.CLAIM_INVALID, "a logout token must not carry a nonce");
        }
        if (iat == Long.MIN_VALUE) {
            throw reject(RejectionReason.CLAIM_INVALID, "a logout token needs iat");
        }
        if (Claims.string(claims, "jti") == null) {
            throw reject(RejectionReason.CLAIM_INVALID, "a logout token needs jti");
        }
        if (Claims.string(claims, "sub") == null && Claims.string(claims, "sid") == null) {
            throw reject(RejectionReason.CLAIM_INVALID, "a logout token needs sub or sid");
        }
    }

    private static Instant instant(long millis) {
        return millis == Long.MIN_VALUE ? null : Instant.ofEpochMilli(millis);
    }

    /** {@code typ} compares case-insensitively and may omit {@code application/} (RFC 7515 section 4.1.9). */
    static boolean typMatches(String expected, String actual) {
        if (actual == null) {
            return false;
        }
        String a = actual.toLowerCase(Locale.ROOT);
        String e = expected.toLowerCase(Locale.ROOT);
        if (a.startsWith("application/")) {
            a = a.substring("application/".length());
        }
        if (e.startsWith("application/")) {
            e = e.substring("application/".length());
        }
        return a.equals(e);
    }

    private void checkTimes(IssuerRuntime issuer, long exp, long nbf, long iat, long now) {
        long skew = issuer.skewMillis;
        if (now - skew >= exp) {
            throw reject(RejectionReason.TOKEN_EXPIRED, "the token expired at " + Instant.ofEpochMilli(exp)
                    + " (clock skew allowed: " + issuer.config.clockSkew().toSeconds() + "s)");
        }
        if (nbf != Long.MIN_VALUE && now + skew < nbf) {
            throw reject(RejectionReason.TOKEN_NOT_YET_VALID, "the token is not valid before "
                    + Instant.ofEpochMilli(nbf));
        }
        if (iat != Long.MIN_VALUE && iat > now + skew) {
            throw reject(RejectionReason.TOKEN_ISSUED_IN_FUTURE, "iat lies in the future beyond the clock skew");
        }
        if (maxTokenAgeMillis >= 0) {
            if (iat == Long.MIN_VALUE) {
                throw reject(RejectionReason.CLAIM_INVALID, "iat is required (zt.max-token-age is set)");
            }
            if (now - skew > iat + maxTokenAgeMillis) {
                throw reject(RejectionReason.TOKEN_EXPIRED, "the token is older than zt.max-token-age");
            }
        }
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

    /** Entries live no longer than their token (plus the skew that still accepts it), nor than its maximum age. */
    private long cachedUntil(Entry e) {
        long until = e.exp + e.issuer.skewMillis;
        if (maxTokenAgeMillis >= 0 && e.iat != Long.MIN_VALUE) {
            until = Math.min(until, e.iat + maxTokenAgeMillis + e.issuer.skewMillis);
        }
        return until;
    }
}
