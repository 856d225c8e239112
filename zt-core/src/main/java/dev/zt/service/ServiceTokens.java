package dev.zt.service;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.zt.config.ConfigurationException;
import dev.zt.config.ZtConfig;
import dev.zt.config.ConfigKeys;
import dev.zt.internal.keys.SigningKeys;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.SecureDigestAlgorithm;

import java.net.http.HttpRequest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Mints this service's own tokens for calls to other services: internal calls carry tokens too (NIST SP 800-207, no
 * trusted network). A token names this service ({@code zt.service.id}) as {@code iss} and {@code sub}, the target as
 * {@code aud}, lives {@code zt.service.token-lifetime} (60 s by default), and is signed with
 * {@code zt.service.signing-key}. Tokens are cached per audience until 80 % of their life has passed.
 *
 * <p>The receiving service trusts this one like any issuer: {@code zt.issuers.<name>.issuer} = this service's id,
 * {@code public-key} = its public key, {@code audience} = its own name.
 *
 * <pre>{@code
 * HttpRequest request = serviceTokens.authorize(HttpRequest.newBuilder(uri), "api://reports").GET().build();
 * }</pre>
 */
public final class ServiceTokens {

    private final String serviceId;
    private final Duration lifetime;
    private final SigningKeys keys;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Cache<String, Minted> cache;

    private static final class Minted {
        final String token;
        final long refreshAtMillis;

        Minted(String token, long refreshAtMillis) {
            this.token = token;
            this.refreshAtMillis = refreshAtMillis;
        }
    }

    private ServiceTokens(String serviceId, Duration lifetime, SigningKeys keys, Clock clock) {
        this.serviceId = serviceId;
        this.lifetime = lifetime;
        this.keys = keys;
        this.clock = clock;
        this.cache = Caffeine.newBuilder().maximumSize(1000)
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                .expireAfter(new Expiry<String, Minted>() {
                    @Override
                    public long expireAfterCreate(String key, Minted m, long currentTime) {
                        return TimeUnit.MILLISECONDS.toNanos(Math.max(0,
                                m.refreshAtMillis - TimeUnit.NANOSECONDS.toMillis(currentTime)));
                    }

                    @Override
                    public long expireAfterUpdate(String key, Minted m, long currentTime, long currentDuration) {
                        return expireAfterCreate(key, m, currentTime);
                    }

                    @Override
                    public long expireAfterRead(String key, Minted m, long currentTime, long currentDuration) {
                        return currentDuration;
                    }
                }).build();
    }

    /**
     * Service tokens as configured by {@code zt.service.id}, {@code zt.service.signing-key} and
     * {@code zt.service.token-lifetime}.
     *
     * @throws ConfigurationException when the service id or key is missing or unusable
     */
    public static ServiceTokens fromConfig(ZtConfig config, Clock clock, ClassLoader loader) {
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
        return new ServiceTokens(id, config.serviceTokenLifetime(), keys, clock);
    }

    /** True when {@code zt.service.id} is configured. */
    public static boolean configured(ZtConfig config) {
        return config.setting(ConfigKeys.SERVICE_ID).filter(s -> !s.isEmpty()).isPresent();
    }

    /** A token for calls to {@code audience}, from the cache while less than 80 % of its life has passed. */
    public String tokenFor(String audience) {
        Objects.requireNonNull(audience, "audience");
        return cache.get(audience, this::mint).token;
    }

    /** Adds {@code Authorization: Bearer <service token>} for {@code audience} to a {@code java.net.http} request. */
    public HttpRequest.Builder authorize(HttpRequest.Builder request, String audience) {
        return request.setHeader("Authorization", "Bearer " + tokenFor(audience));
    }

    /** This service's id ({@code iss} and {@code sub} of its tokens). */
    public String serviceId() {
        return serviceId;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private Minted mint(String audience) {
        Instant now = Instant.ofEpochSecond(clock.instant().getEpochSecond());
        Instant exp = now.plus(lifetime);
        byte[] id = new byte[16];
        random.nextBytes(id);
        String token = Jwts.builder()
                .header().keyId(keys.verificationKey().keyIdOrNull()).type("JWT").and()
                .issuer(serviceId).subject(serviceId).audience().single(audience)
                .id(Base64.getUrlEncoder().withoutPadding().encodeToString(id))
                .issuedAt(Date.from(now)).expiration(Date.from(exp))
                .signWith(keys.privateKey(), (SecureDigestAlgorithm) Jwts.SIG.get().forKey(keys.algorithm()))
                .compact();
        return new Minted(token, now.toEpochMilli() + lifetime.toMillis() * 8 / 10);
    }
}
