package dev.zt.config;

import com.google.auto.value.AutoValue;

import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/**
 * How zt checks DPoP proofs (RFC 9449, {@code zt.dpop.*}): the algorithms a proof may be signed with, how old a proof
 * may be (its {@code jti} is remembered that long), and whether proofs must carry a server nonce (section 8) and how
 * long a nonce is valid. Whether an issuer's tokens may or must be DPoP-bound is per issuer
 * ({@link IssuerConfig#dpop()}). Immutable; built and validated by {@link ZtConfig}.
 */
@AutoValue
public abstract class DpopSettings {

    /** The longest {@code zt.dpop.max-age} accepted: a proof is a one-request credential, not a token. */
    public static final Duration MAX_PROOF_AGE = Duration.ofMinutes(10);

    DpopSettings() {
    }

    static DpopSettings from(Resolver r) {
        Duration maxAge = r.positiveDuration(ConfigKeys.DPOP_MAX_AGE);
        if (maxAge.compareTo(MAX_PROOF_AGE) > 0) {
            throw r.bad(ConfigKeys.DPOP_MAX_AGE, Durations.format(maxAge), "must not exceed "
                    + Durations.format(MAX_PROOF_AGE) + " (RFC 9449 section 11.1: proofs are short-lived)");
        }
        Set<String> algorithms = r.asymmetricAlgorithms(ConfigKeys.DPOP_ALGORITHMS, "a DPoP proof is signed with the"
                + " client's private key (RFC 9449 section 4.2), never none or HMAC");
        String nonceValue = r.raw(ConfigKeys.DPOP_NONCE, ConfigKeys.GLOBAL.get(ConfigKeys.DPOP_NONCE))
                .toLowerCase(Locale.ROOT);
        if (!nonceValue.equals("off") && !nonceValue.equals("required")) {
            throw r.bad(ConfigKeys.DPOP_NONCE, nonceValue, "must be off or required");
        }
        Duration nonceLifetime = r.positiveDuration(ConfigKeys.DPOP_NONCE_LIFETIME);
        if (nonceLifetime.compareTo(Duration.ofSeconds(10)) < 0 || nonceLifetime.compareTo(Duration.ofHours(1)) > 0) {
            throw r.bad(ConfigKeys.DPOP_NONCE_LIFETIME, Durations.format(nonceLifetime), "must be from 10s to 1h");
        }
        return new AutoValue_DpopSettings(maxAge, algorithms, nonceValue.equals("required"),
                nonceLifetime);
    }

    /**
     * How long after its {@code iat} a proof is accepted (plus the token issuer's clock skew), and so how long its
     * {@code jti} is remembered ({@code zt.dpop.max-age}).
     */
    public abstract Duration maxAge();

    /** The JWS algorithms a proof may use ({@code zt.dpop.algorithms}), all asymmetric. */
    public abstract Set<String> algorithms();

    /** True when every proof must carry a valid server nonce ({@code zt.dpop.nonce=required}). */
    public abstract boolean nonceRequired();

    /**
     * How long a server nonce is handed out; a nonce is accepted for up to twice this
     * ({@code zt.dpop.nonce-lifetime}).
     */
    public abstract Duration nonceLifetime();
}
