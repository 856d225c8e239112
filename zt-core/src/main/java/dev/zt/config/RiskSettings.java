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
                .mmdbFiles(files(r, ConfigKeys.GEO_MMDB))
                .asnMmdbFiles(files(r, ConfigKeys.GEO_ASN_MMDB))
                .geoCacheMaxEntries(r.longValue(ConfigKeys.GEO_CACHE_MAX, 0, 10_000_000L))
                .networkDeny(networks(r, ConfigKeys.RISK_NETWORK_DENY))
                .networkStepUp(networks(r, ConfigKeys.RISK_NETWORK_STEP_UP))
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

    /**
     * The paths of a list of database files, in order: {@code file:path}, or {@code optional:file:path} for a file
     * used when present (kept as {@code ?path}).
     */
    private static List<String> files(Resolver r, String key) {
        List<String> out = new java.util.ArrayList<>();
        for (String f : Resolver.list(r.values.get(key))) {
            boolean optional = f.startsWith("optional:");
            String file = optional ? f.substring("optional:".length()) : f;
            if (!file.startsWith("file:") || file.length() == 5) {
                throw r.bad(key, f, "must be file:path (or optional:file:path) of a MaxMind DB (.mmdb) file,"
                        + " comma-separated for several");
            }
            out.add((optional ? "?" : "") + file.substring(5));
        }
        return List.copyOf(out);
    }

    /** Networks: {@code AS<number>} or CIDR, validated. */
    private static List<String> networks(Resolver r, String key) {
        List<String> out = new java.util.ArrayList<>();
        for (String n : Resolver.list(r.values.get(key))) {
            String t = n.trim();
            if (t.regionMatches(true, 0, "AS", 0, 2)) {
                try {
                    long asn = Long.parseLong(t.substring(2));
                    if (asn < 1 || asn > 0xFFFF_FFFFL) {
                        throw new NumberFormatException();
                    }
                    out.add("AS" + asn);
                    continue;
                } catch (NumberFormatException e) {
                    throw r.bad(key, t, "is not an AS number (AS1 to AS4294967295)");
                }
            }
            try {
                Resolver.requireCidr(t);
            } catch (IllegalArgumentException e) {
                throw r.bad(key, t, "is neither AS<number> nor a CIDR network");
            }
            out.add(t);
        }
        return List.copyOf(out);
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

    /**
     * Paths of the MaxMind DB location files ({@code zt.geo.mmdb}), in the order they are asked; a path starting with
     * {@code ?} is optional (used when the file exists at start-up).
     */
    public abstract List<String> mmdbFiles();

    /** Paths of the MaxMind DB ASN files ({@code zt.geo.asn-mmdb}). */
    public abstract List<String> asnMmdbFiles();

    /** Bound of the per-address answer cache of those files ({@code zt.geo.cache.max-entries}; 0: off). */
    public abstract long geoCacheMaxEntries();

    /** Networks ({@code AS<n>} or CIDR) whose requests are denied ({@code zt.risk.network.deny}). */
    public abstract List<String> networkDeny();

    /** Networks whose requests ask for step-up ({@code zt.risk.network.step-up}). */
    public abstract List<String> networkStepUp();

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

        abstract Builder mmdbFiles(List<String> v);

        abstract Builder asnMmdbFiles(List<String> v);

        abstract Builder geoCacheMaxEntries(long v);

        abstract Builder networkDeny(List<String> v);

        abstract Builder networkStepUp(List<String> v);

        abstract RiskSettings build();
    }
}
