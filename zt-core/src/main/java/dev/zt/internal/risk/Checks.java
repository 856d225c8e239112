package dev.zt.internal.risk;

import dev.zt.config.RiskSettings;
import dev.zt.spi.risk.GeoLocation;
import dev.zt.spi.store.ProfileStore;
import dev.zt.spi.store.WindowStore;
import dev.zt.spi.risk.RiskCheck;
import dev.zt.spi.risk.RiskContext;
import dev.zt.spi.risk.RiskSignal;
import dev.zt.spi.risk.SubjectProfile;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** zt's built-in risk checks. Each reads the context and, where it learns, updates the subject's profile. */
public final class Checks {

    private Checks() {
    }

    /** All built-ins, in their default order. */
    public static List<RiskCheck> builtIns(RiskSettings s, java.util.Map<String, Integer> ssfRiskScores,
            ProfileStore profiles, WindowStore history) {
        return List.of(new NewCountry(profiles, s.stepUpAcr()), new ImpossibleTravel(profiles, s.maxTravelKmh(),
                s.travelDenies(), s.stepUpAcr()), new NewDevice(profiles, s.stepUpAcr()),
                new RequestRate(s),
                new AuthorizationFailures(s.authzFailuresMax()), new SessionHijack(history, s.hijackWindow()),
                new SharedSignalsCheck(ssfRiskScores));
    }

    /**
     * {@code shared-signals}: what transmitters reported about the subject (CAEP 1.0): a device reported not compliant
     * revokes the session (or the access token) that uses it; a risk level adds its score
     * ({@code zt.ssf.risk-scores}). Reads only the profile the request already has.
     */
    static final class SharedSignalsCheck extends BuiltIn {
        private final java.util.Map<String, Integer> scores;

        SharedSignalsCheck(java.util.Map<String, Integer> scores) {
            super("shared-signals");
            this.scores = scores;
        }

        @Override
        public RiskSignal evaluate(RiskContext ctx) {
            dev.zt.spi.risk.SubjectSignals signals = ctx.profile().signals();
            if (signals.isEmpty()) {
                return RiskSignal.none();
            }
            if (ctx.deviceId().isPresent() && signals.notCompliant(ctx.deviceId().get())) {
                return RiskSignal.revokeSession("device_not_compliant", "a transmitter reported the device not"
                        + " compliant");
            }
            return signals.riskLevel().map(level -> RiskSignal.score(scores.getOrDefault(level.value(), 0),
                    "ssf_risk_level", "a transmitter reported risk level " + level.value()))
                    .orElse(RiskSignal.none());
        }
    }

    /** What the built-ins share: a fixed id, and they never block (memory, or a store bounded by its own timeout). */
    abstract static class BuiltIn implements RiskCheck {
        private final String id;

        BuiltIn(String id) {
            this.id = id;
        }

        @Override
        public final String id() {
            return id;
        }

        @Override
        public final boolean blocking() {
            return false;
        }
    }

    /** A built-in that learns into the subject's profile and asks for step-up to one {@code acr}. */
    abstract static class ProfileCheck extends BuiltIn {
        final ProfileStore profiles;
        final String acr;

        ProfileCheck(String id, ProfileStore profiles, String acr) {
            super(id);
            this.profiles = profiles;
            this.acr = acr;
        }
    }

    /** True when the caller reached {@code acr} at or after {@code since}. */
    static boolean steppedUpSince(RiskContext ctx, String acr, Instant since) {
        Optional<Instant> at = ctx.authTime();
        return acr.equals(ctx.acr().orElse(null)) && at.isPresent() && !at.get().isBefore(since.minusSeconds(1));
    }

    /**
     * {@code new-country}: a country not among the subject's known countries asks for step-up. The first country is
     * learned without challenge (unless the subject's history may have been lost); a new country becomes known once the
     * subject passes step-up from it.
     */
    static final class NewCountry extends ProfileCheck {
        NewCountry(ProfileStore profiles, String acr) {
            super("new-country", profiles, acr);
        }

        @Override
        public RiskSignal evaluate(RiskContext ctx) {
            if (ctx.country().isEmpty() || ctx.subjectKey().isEmpty()) {
                return RiskSignal.none();
            }
            String country = ctx.country().get();
            String key = ctx.subjectKey().get();
            SubjectProfile p = ctx.profile();
            if (p.knows(country)) {
                return RiskSignal.none();
            }
            if (p.countries().isEmpty() && !p.historyUnknown()) {
                profiles.update(key, q -> q.withCountry(country, ctx.time()));
                return RiskSignal.none();
            }
            Instant firstSeen = p.pendingCountries().getOrDefault(country, ctx.time());
            if (steppedUpSince(ctx, acr, firstSeen)) {
                profiles.update(key, q -> q.withCountry(country, ctx.time()));
                return RiskSignal.none();
            }
            profiles.update(key, q -> q.withPendingCountry(country, ctx.time()));
            return RiskSignal.stepUp(acr, "new_country", "first request from " + country);
        }
    }

    /** {@code impossible-travel}: faster than {@code zt.risk.max-travel-kmh} between two located requests. */
    static final class ImpossibleTravel extends ProfileCheck {
        private final int maxKmh;
        private final boolean deny;

        ImpossibleTravel(ProfileStore profiles, int maxKmh, boolean deny, String acr) {
            super("impossible-travel", profiles, acr);
            this.maxKmh = maxKmh;
            this.deny = deny;
        }

        @Override
        public RiskSignal evaluate(RiskContext ctx) {
            Optional<GeoLocation> here = ctx.location().filter(GeoLocation::hasCoordinates);
            if (here.isEmpty() || ctx.subjectKey().isEmpty()) {
                return RiskSignal.none();
            }
            SubjectProfile p = ctx.profile();
            profiles.update(ctx.subjectKey().get(), q -> q.withLastLocation(here.get(), ctx.time()));
            if (p.lastLocation().isEmpty() || p.lastSeen().isEmpty()) {
                return RiskSignal.none();
            }
            double km = p.lastLocation().get().minimumDistanceKm(here.get()); // less the accuracy radii
            double hours = Math.max(1, Duration.between(p.lastSeen().get(), ctx.time()).toSeconds()) / 3600.0;
            double speed = km / hours;
            if (km < 100 || speed <= maxKmh) {
                return RiskSignal.none();
            }
            String detail = Math.round(km) + " km at " + Math.round(speed) + " km/h";
            if (deny) {
                return RiskSignal.deny("impossible_travel", detail);
            }
            if (steppedUpSince(ctx, acr, p.lastSeen().get())) {
                return RiskSignal.none();
            }
            return RiskSignal.stepUp(acr, "impossible_travel", detail);
        }
    }

    /**
     * {@code new-device}: a device id never seen for the subject asks for step-up (the first device is learned, unless
     * the subject's history may have been lost).
     */
    static final class NewDevice extends ProfileCheck {
        NewDevice(ProfileStore profiles, String acr) {
            super("new-device", profiles, acr);
        }

        @Override
        public RiskSignal evaluate(RiskContext ctx) {
            if (ctx.deviceId().isEmpty() || ctx.subjectKey().isEmpty()) {
                return RiskSignal.none();
            }
            String device = ctx.deviceId().get();
            SubjectProfile p = ctx.profile();
            if (p.devices().contains(device)) {
                return RiskSignal.none();
            }
            if (p.devices().isEmpty() && !p.historyUnknown() || acr.equals(ctx.acr().orElse(null))) {
                profiles.update(ctx.subjectKey().get(), q -> q.withDevice(device));
                return RiskSignal.none();
            }
            return RiskSignal.stepUp(acr, "new_device", "device not seen before");
        }
    }

    /** {@code request-rate}: per-session sliding window; above the limit deny (429), far above revoke. */
    static final class RequestRate extends BuiltIn {
        private final RiskSettings settings;

        RequestRate(RiskSettings settings) {
            super("request-rate");
            this.settings = settings;
        }

        @Override
        public RiskSignal evaluate(RiskContext ctx) {
            int n = ctx.requestsLastMinute();
            if (n > settings.rateRevokePerMinute()) {
                return RiskSignal.revokeSession("request_burst", n + " requests in the last minute");
            }
            if (n > settings.rateMaxPerMinute()) {
                return RiskSignal.throttle("rate_limited", n + " requests in the last minute");
            }
            return RiskSignal.none();
        }
    }

    /** {@code authorization-failures}: too many denials in the window revoke the session. */
    static final class AuthorizationFailures extends BuiltIn {
        private final int max;

        AuthorizationFailures(int max) {
            super("authorization-failures");
            this.max = max;
        }

        @Override
        public RiskSignal evaluate(RiskContext ctx) {
            if (ctx.recentDenials() >= max) {
                return RiskSignal.revokeSession("authorization_failures", ctx.recentDenials() + " denials");
            }
            return RiskSignal.none();
        }
    }

    /**
     * {@code session-hijack}: one session used alternately from two countries within the window (A, B, A) is revoked:
     * two parties share it. A single move from A to B is travel, left to {@code new-country} and
     * {@code impossible-travel}.
     */
    static final class SessionHijack extends BuiltIn {
        private final WindowStore history;
        private final Duration window;

        SessionHijack(WindowStore history, Duration window) {
            super("session-hijack");
            this.history = history;
            this.window = window;
        }

        @Override
        public RiskSignal evaluate(RiskContext ctx) {
            if (ctx.session().isEmpty() || ctx.country().isEmpty()) {
                return RiskSignal.none();
            }
            if (history.alternates("hijack " + ctx.session().get().id(), ctx.country().get(), window)) {
                return RiskSignal.revokeSession("session_hijack", "session used alternately from two countries");
            }
            return RiskSignal.none();
        }
    }
}
