package dev.zt.config;

import com.google.auto.value.AutoValue;
import dev.zt.lang.Nullable;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Risk engine settings ({@code zt.risk.*}, {@code zt.geo.*}). */
@AutoValue
public abstract class RiskSettings {

    RiskSettings() {
    }

    static RiskSettings from(Resolver r) {
        String c = r.values.get(ConfigKeys.RISK_CHECKS);
        String action = r.raw(ConfigKeys.RISK_TRAVEL_ACTION, "step-up");
        if (!action.equals("step-up") && !action.equals("deny")) {
            throw r.bad(ConfigKeys.RISK_TRAVEL_ACTION, action, "must be step-up or deny");
        }
        RiskSettings s = new AutoValue_RiskSettings.Builder()
                .checks(c == null || c.isBlank() ? null : c.strip().equals("none") ? List.of()
                        : List.copyOf(Resolver.list(c)))
                .advisory(Resolver.list(r.values.get(ConfigKeys.RISK_ADVISORY)))
                .timeout(r.positiveDuration(ConfigKeys.RISK_TIMEOUT))
                .stepUpScore(r.intValue(ConfigKeys.RISK_STEP_UP_SCORE, 1, 101))
                .denyScore(r.intValue(ConfigKeys.RISK_DENY_SCORE, 1, 101))
                .stepUpAcr(r.raw(ConfigKeys.RISK_STEP_UP_ACR, ConfigKeys.GLOBAL.get(ConfigKeys.RISK_STEP_UP_ACR)))
                .maxTravelKmh(r.intValue(ConfigKeys.RISK_MAX_TRAVEL_KMH, 1, 100_000))
                .travelDenies(action.equals("deny"))
                .rateMaxPerMinute(r.intValue(ConfigKeys.RISK_RATE_MAX, 1, 1_000_000))
                .rateRevokePerMinute(r.intValue(ConfigKeys.RISK_RATE_REVOKE, 1, 10_000_000))
                .authzFailuresMax(r.intValue(ConfigKeys.RISK_AUTHZ_MAX, 1, 10_000))
                .authzFailuresWindow(r.positiveDuration(ConfigKeys.RISK_AUTHZ_WINDOW))
                .hijackWindow(r.positiveDuration(ConfigKeys.RISK_HIJACK_WINDOW))
                .deviceClaim(r.nonEmpty(ConfigKeys.RISK_DEVICE_CLAIM))
                .profilesMaxEntries(r.longValue(ConfigKeys.RISK_PROFILES_MAX, 1, 100_000_000L))
                .cidrFile(r.nonEmpty(ConfigKeys.GEO_CIDR_FILE))
                .build();
        if (s.stepUpScore() > s.denyScore()) {
            throw r.bad(ConfigKeys.RISK_STEP_UP_SCORE, Integer.toString(s.stepUpScore()), "must not exceed "
                    + ConfigKeys.RISK_DENY_SCORE + " (" + s.denyScore() + ")");
        }
        if (s.rateMaxPerMinute() > s.rateRevokePerMinute()) {
            throw r.bad(ConfigKeys.RISK_RATE_MAX, Integer.toString(s.rateMaxPerMinute()), "must not exceed "
                    + ConfigKeys.RISK_RATE_REVOKE + " (" + s.rateRevokePerMinute() + ")");
        }
        return s;
    }

    /** Check ids to run, in order ({@code zt.risk.checks}); empty: every discovered check. */
    public abstract Optional<List<String>> checks();

    /** Check ids whose failures do not deny ({@code zt.risk.advisory}). */
    public abstract Set<String> advisory();

    /** Time budget for all checks of one request ({@code zt.risk.timeout}). */
    public abstract Duration timeout();

    /** Score from which the default policy asks for step-up. */
    public abstract int stepUpScore();

    /** Score from which the default policy denies. */
    public abstract int denyScore();

    /** The {@code acr} step-up asks for. */
    public abstract String stepUpAcr();

    /** Fastest plausible travel speed. */
    public abstract int maxTravelKmh();

    /** True when impossible travel denies instead of asking for step-up. */
    public abstract boolean travelDenies();

    /** Requests per minute per session above which requests are denied (429). */
    public abstract int rateMaxPerMinute();

    /** Requests per minute per session above which the session is revoked. */
    public abstract int rateRevokePerMinute();

    /** Denials within the window that revoke the session. */
    public abstract int authzFailuresMax();

    /** The denial window. */
    public abstract Duration authzFailuresWindow();

    /** Window within which one session seen from two countries is revoked. */
    public abstract Duration hijackWindow();

    /** The claim holding a device id, when configured. */
    public abstract Optional<String> deviceClaim();

    /** Bound of the in-memory profile store. */
    public abstract long profilesMaxEntries();

    /** The CIDR-to-country CSV file, when configured. */
    public abstract Optional<String> cidrFile();

    @AutoValue.Builder
    abstract static class Builder {
        abstract Builder checks(@Nullable List<String> v);

        abstract Builder advisory(Set<String> v);

        abstract Builder timeout(Duration v);

        abstract Builder stepUpScore(int v);

        abstract Builder denyScore(int v);

        abstract Builder stepUpAcr(String v);

        abstract Builder maxTravelKmh(int v);

        abstract Builder travelDenies(boolean v);

        abstract Builder rateMaxPerMinute(int v);

        abstract Builder rateRevokePerMinute(int v);

        abstract Builder authzFailuresMax(int v);

        abstract Builder authzFailuresWindow(Duration v);

        abstract Builder hijackWindow(Duration v);

        abstract Builder deviceClaim(@Nullable String v);

        abstract Builder profilesMaxEntries(long v);

        abstract Builder cidrFile(@Nullable String v);

        abstract RiskSettings build();
    }
}
