package dev.zt.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Risk engine settings ({@code zt.risk.*}, {@code zt.geo.*}). */
public final class RiskSettings {
    private final List<String> checks;
    private final Set<String> advisory;
    private final Duration timeout;
    private final int stepUpScore;
    private final int denyScore;
    private final String stepUpAcr;
    private final int maxTravelKmh;
    private final boolean travelDenies;
    private final int rateMax;
    private final int rateRevoke;
    private final int authzFailuresMax;
    private final Duration authzFailuresWindow;
    private final Duration hijackWindow;
    private final String deviceClaim;
    private final long profilesMax;
    private final String cidrFile;

    RiskSettings(Resolver r) {
        String c = r.values.get(ConfigKeys.RISK_CHECKS);
        this.checks = c == null || c.isBlank() ? null : c.strip().equals("none") ? List.of()
                : List.copyOf(Resolver.list(c));
        this.advisory = Resolver.list(r.values.get(ConfigKeys.RISK_ADVISORY));
        this.timeout = r.positiveDuration(ConfigKeys.RISK_TIMEOUT);
        this.stepUpScore = r.intValue(ConfigKeys.RISK_STEP_UP_SCORE, 1, 101);
        this.denyScore = r.intValue(ConfigKeys.RISK_DENY_SCORE, 1, 101);
        this.stepUpAcr = r.raw(ConfigKeys.RISK_STEP_UP_ACR, ConfigKeys.GLOBAL.get(ConfigKeys.RISK_STEP_UP_ACR));
        this.maxTravelKmh = r.intValue(ConfigKeys.RISK_MAX_TRAVEL_KMH, 1, 100_000);
        String action = r.raw(ConfigKeys.RISK_TRAVEL_ACTION, "step-up");
        if (!action.equals("step-up") && !action.equals("deny")) {
            throw r.bad(ConfigKeys.RISK_TRAVEL_ACTION, action, "must be step-up or deny");
        }
        this.travelDenies = action.equals("deny");
        this.rateMax = r.intValue(ConfigKeys.RISK_RATE_MAX, 1, 1_000_000);
        this.rateRevoke = r.intValue(ConfigKeys.RISK_RATE_REVOKE, 1, 10_000_000);
        this.authzFailuresMax = r.intValue(ConfigKeys.RISK_AUTHZ_MAX, 1, 10_000);
        this.authzFailuresWindow = r.positiveDuration(ConfigKeys.RISK_AUTHZ_WINDOW);
        this.hijackWindow = r.positiveDuration(ConfigKeys.RISK_HIJACK_WINDOW);
        String dc = r.values.get(ConfigKeys.RISK_DEVICE_CLAIM);
        this.deviceClaim = dc == null || dc.isEmpty() ? null : dc;
        this.profilesMax = r.longValue(ConfigKeys.RISK_PROFILES_MAX, 1, 100_000_000L);
        String f = r.values.get(ConfigKeys.GEO_CIDR_FILE);
        this.cidrFile = f == null || f.isEmpty() ? null : f;
        if (stepUpScore > denyScore) {
            throw r.bad(ConfigKeys.RISK_STEP_UP_SCORE, Integer.toString(stepUpScore), "must not exceed "
                    + ConfigKeys.RISK_DENY_SCORE + " (" + denyScore + ")");
        }
        if (rateMax > rateRevoke) {
            throw r.bad(ConfigKeys.RISK_RATE_MAX, Integer.toString(rateMax), "must not exceed "
                    + ConfigKeys.RISK_RATE_REVOKE + " (" + rateRevoke + ")");
        }
    }

    /** Check ids to run, in order ({@code zt.risk.checks}); empty: every discovered check. */
    public Optional<List<String>> checks() {
        return Optional.ofNullable(checks);
    }

    /** Check ids whose failures do not deny ({@code zt.risk.advisory}). */
    public Set<String> advisory() {
        return advisory;
    }

    /** Time budget for all checks of one request ({@code zt.risk.timeout}). */
    public Duration timeout() {
        return timeout;
    }

    /** Score from which the default policy asks for step-up. */
    public int stepUpScore() {
        return stepUpScore;
    }

    /** Score from which the default policy denies. */
    public int denyScore() {
        return denyScore;
    }

    /** The {@code acr} step-up asks for. */
    public String stepUpAcr() {
        return stepUpAcr;
    }

    /** Fastest plausible travel speed. */
    public int maxTravelKmh() {
        return maxTravelKmh;
    }

    /** True when impossible travel denies instead of asking for step-up. */
    public boolean travelDenies() {
        return travelDenies;
    }

    /** Requests per minute per session above which requests are denied (429). */
    public int rateMaxPerMinute() {
        return rateMax;
    }

    /** Requests per minute per session above which the session is revoked. */
    public int rateRevokePerMinute() {
        return rateRevoke;
    }

    /** Denials within the window that revoke the session. */
    public int authzFailuresMax() {
        return authzFailuresMax;
    }

    /** The denial window. */
    public Duration authzFailuresWindow() {
        return authzFailuresWindow;
    }

    /** Window within which one session seen from two countries is revoked. */
    public Duration hijackWindow() {
        return hijackWindow;
    }

    /** The claim holding a device id, when configured. */
    public Optional<String> deviceClaim() {
        return Optional.ofNullable(deviceClaim);
    }

    /** Bound of the in-memory profile store. */
    public long profilesMaxEntries() {
        return profilesMax;
    }

    /** The CIDR-to-country CSV file, when configured. */
    public Optional<String> cidrFile() {
        return Optional.ofNullable(cidrFile);
    }
}
