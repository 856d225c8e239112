package dev.zt.config;

import com.google.auto.value.AutoValue;
import dev.zt.lang.Nullable;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The Shared Signals receiver's settings ({@code zt.ssf.*}, {@code zt.gtr.*}): the transmitters zt trusts, how old a
 * Security Event Token may be (and how long its {@code jti} is remembered), the push endpoint's limits, the score of
 * each CAEP risk level, and who may call Global Token Revocation. Immutable; built and validated by {@link ZtConfig}.
 */
@AutoValue
public abstract class SsfSettings {

    SsfSettings() {
    }

    static Builder builder() {
        return new AutoValue_SsfSettings.Builder();
    }

    /** The transmitters by configured name (none: the receiver is off). */
    public abstract Map<String, TransmitterConfig> transmitters();

    /** SETs issued longer ago are refused; a SET's {@code jti} is remembered this long ({@code zt.ssf.max-set-age}). */
    public abstract Duration maxSetAge();

    /** The largest push body accepted ({@code zt.ssf.push.max-bytes}). */
    public abstract int pushMaxBytes();

    /** Pushes accepted per transmitter and minute on a node ({@code zt.ssf.push.rate-per-minute}). */
    public abstract int pushRatePerMinute();

    /** The trust score of each CAEP risk level, lower case ({@code zt.ssf.risk-scores}). */
    public abstract Map<String, Integer> riskScores();

    /** The configured issuer whose bearer tokens may call Global Token Revocation ({@code zt.gtr.issuer}). */
    public abstract Optional<String> gtrIssuer();

    /** The scope those tokens need ({@code zt.gtr.scope}). */
    public abstract String gtrScope();

    /** The issuer whose subjects a Global Token Revocation request names ({@code zt.gtr.subjects-issuer}). */
    public abstract Optional<String> gtrSubjectsIssuer();

    @AutoValue.Builder
    abstract static class Builder {
        abstract Builder transmitters(Map<String, TransmitterConfig> v);

        abstract Builder maxSetAge(Duration v);

        abstract Builder pushMaxBytes(int v);

        abstract Builder pushRatePerMinute(int v);

        abstract Builder riskScores(Map<String, Integer> v);

        abstract Builder gtrIssuer(@Nullable String v);

        abstract Builder gtrScope(String v);

        abstract Builder gtrSubjectsIssuer(@Nullable String v);

        abstract SsfSettings build();
    }
}
