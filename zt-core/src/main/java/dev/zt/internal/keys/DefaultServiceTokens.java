package dev.zt.internal.keys;

import dev.zt.internal.cache.Caches;
import dev.zt.service.ServiceTokens;

import com.github.benmanes.caffeine.cache.Cache;
import dev.zt.config.ConfigurationException;
import dev.zt.config.ZtConfig;
import dev.zt.config.ConfigKeys;
import dev.zt.internal.json.JwtJson;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.SecureDigestAlgorithm;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** zt's {@link ServiceTokens}: signed with {@code zt.service.signing-key}, cached per audience. */
public final class DefaultServiceTokens implements ServiceTokens {

    private final String serviceId;
    private final Duration lifetime;
    private final SigningKeys keys;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Cache<String, Minted> cache;
    /** Signs the DPoP proofs of calls, when the tokens are DPoP-bound; else null. */
    private final Prover dpop;

    /** Makes the DPoP proofs of this service's calls (RFC 9449) with the key its tokens are bound to. */
    public interface Prover {
        /** The RFC 7638 thumbprint of the key: the tokens' {@code cnf.jkt}. */
        String thumbprint();

        /** A fresh proof for one call. */
        String proof(String method, URI url, String accessToken);
    }

    private static final class Minted {
        final String token;
        final long refreshAtMillis;

        Minted(String token, long refreshAtMillis) {
            this.token = token;
            this.refreshAtMillis = refreshAtMillis;
        }
    }

    private DefaultServiceTokens(String serviceId, Duration lifetime, SigningKeys keys, Clock clock, Prover dpop) {
        this.dpop = dpop;
        this.serviceId = serviceId;
        this.lifetime = lifetime;
        this.keys = keys;
        this.clock = clock;
        this.cache = Caches.builder(clock, 1000).expireAfter(Caches.<String, Minted>until(clock, m -> m.refreshAtMillis))
                .build();
    }

    /**
     * Service tokens as configured by {@code zt.service.id}, {@code zt.service.signing-key} and
     * {@code zt.service.token-lifetime}, bearer tokens.
     *
     * @throws ConfigurationException when the service id or key is missing or unusable
     */
    public static DefaultServiceTokens fromConfig(ZtConfig config, Clock clock, ClassLoader loader) {
        return fromConfig(config, clock, loader, null);
    }

    /**
     * Service tokens as configured, DPoP-bound to {@code dpop}'s key when it is not null ({@code zt.service.dpop-key}).
     *
     * @throws ConfigurationException when the service id or key is missing or unusable
     */
    public static DefaultServiceTokens fromConfig(ZtConfig config, Clock clock, ClassLoader loader, Prover dpop) {
        String id = config.setting(ConfigKeys.SERVICE_ID).orElse("");
        String key = config.setting(ConfigKeys.SERVICE_SIGNING_KEY).orElse("");
        if (id.isEmpty() || key.isEmpty()) {
            throw new ConfigurationException(ConfigKeys.SERVICE_ID, "service tokens need " + ConfigKeys.SERVICE_ID
                    + " and " + ConfigKeys.SERVICE_SIGNING_KEY);
        }
        SigningKeys keys;
        try {
            keys = SigningKeys.load(key, loader);
        } catch (RuntimeException e) {
            throw new ConfigurationException(ConfigKeys.SERVICE_SIGNING_KEY, "cannot use "
                    + ConfigKeys.SERVICE_SIGNING_KEY + " " + key + ": " + e.getMessage());
        }
        return new DefaultServiceTokens(id, config.serviceTokenLifetime(), keys, clock, dpop);
    }

    /** True when {@code zt.service.id} is configured. */
    public static boolean configured(ZtConfig config) {
        return config.setting(ConfigKeys.SERVICE_ID).filter(s -> !s.isEmpty()).isPresent();
    }

    @Override
    public String tokenFor(String audience) {
        Objects.requireNonNull(audience, "audience");
        return cache.get(audience, this::mint).token;
    }

    @Override
    public String serviceId() {
        return serviceId;
    }

    @Override
    public boolean dpopBound() {
        return dpop != null;
    }

    @Override
    public Optional<String> proof(String method, URI url, String token) {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(url, "url");
        return dpop == null ? Optional.empty() : Optional.of(dpop.proof(method, url, token));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private Minted mint(String audience) {
        Instant now = Instant.ofEpochSecond(clock.instant().getEpochSecond());
        Instant exp = now.plus(lifetime);
        byte[] id = new byte[16];
        random.nextBytes(id);
        String token = Jwts.builder().json(JwtJson.INSTANCE)
                .header().keyId(keys.verificationKey().keyIdOrNull()).type("JWT").and()
                .issuer(serviceId).subject(serviceId).audience().single(audience)
                .id(Base64.getUrlEncoder().withoutPadding().encodeToString(id))
                .issuedAt(Date.from(now)).expiration(Date.from(exp))
                .claim("cnf", dpop == null ? null : Map.of("jkt", dpop.thumbprint()))
                .signWith(keys.privateKey(), (SecureDigestAlgorithm) Jwts.SIG.get().forKey(keys.algorithm()))
                .compact();
        return new Minted(token, now.toEpochMilli() + lifetime.toMillis() * 8 / 10);
    }
}
