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
            ProfileStore profiles, WindowStore history, dev.zt.config.SessionSettings sessions, java.time.Clock clock) {
        return List.of(newCountry(profiles, s.stepUpAcr()), new ImpossibleTravel(profiles, s.maxTravelKmh(),
                s.travelDenies(), s.stepUpAcr()), new NewDevice(profiles, s.stepUpAcr()),
                new RequestRate(s),
                new AuthorizationFailures(s.authzFailuresMax()), new SessionHijack(history, s.hijackWindow()),
                new SharedSignalsCheck(ssfRiskScores), newNetwork(profiles, s.stepUpAcr()),
                new NetworkList(s.networkDeny(), s.networkStepUp(), s.stepUpAcr()),
                new SessionDrift(history, sessions.maxLifetime(), s.stepUpAcr(), sessions.maxEntries(), clock),
                new UnusualRate(profiles),
                new UnusualEndpoints(profiles, history), new UnusualHour());
    }

    /** How stale the time of a subject's last located request may get before it is written again. */
    static final Duration LOCATION_REFRESH = Duration.ofMinutes(1);

    /** Sampled minutes before a subject's baseline judges anything: about half an hour of activity. */
    static final int WARMUP_SAMPLES = 30;
    /** What a drifted attribute of a session (network, user agent) adds. */
    static final int DRIFT_SCORE = 30;
    /** What an unusual rate or burst of new endpoints adds. */
    static final int UNUSUAL_SCORE = 30;
    /** What an unusual hour adds: never enough alone. */
    static final int HOUR_SCORE = 10;

    /**
     * {@code new-network}: a provider network (AS number, {@code zt.geo.asn-mmdb}) not among the subject's known ones
     * asks for step-up, like {@code new-country}: the first is learned, a new one once the subject passes step-up from
     * it. A hosting network where the subject always came from a home ISP is the typical catch.
     */
    static RiskCheck newNetwork(ProfileStore profiles, String acr) {
        return new LearnedOnStepUp("new-network", profiles, acr, "new_network",
                ctx -> ctx.network().map(dev.zt.spi.risk.AutonomousSystem::id), SubjectProfile::networks,
                SubjectProfile::pendingNetworks, SubjectProfile::withNetwork, SubjectProfile::withPendingNetwork,
                (ctx, v) -> "first request from " + ctx.network().map(Object::toString).orElse(v));
    }

    /**
     * {@code network-list}: a client in a listed network ({@code zt.risk.network.deny}, {@code .step-up}: AS numbers or
     * CIDR ranges) is denied, or asked for step-up.
     */
    static final class NetworkList extends BuiltIn {
        private final List<String> denyAsns;
        private final List<dev.zt.internal.net.Cidr> denyNets;
        private final List<String> stepUpAsns;
        private final List<dev.zt.internal.net.Cidr> stepUpNets;
        private final String acr;

        NetworkList(List<String> deny, List<String> stepUp, String acr) {
            super("network-list");
            this.denyAsns = asns(deny);
            this.denyNets = nets(deny);
            this.stepUpAsns = asns(stepUp);
            this.stepUpNets = nets(stepUp);
            this.acr = acr;
        }

        private static List<String> asns(List<String> l) {
            List<String> out = new java.util.ArrayList<>();
            l.stream().filter(n -> n.startsWith("AS")).forEach(out::add);
            return List.copyOf(out);
        }

        private static List<dev.zt.internal.net.Cidr> nets(List<String> l) {
            List<dev.zt.internal.net.Cidr> out = new java.util.ArrayList<>();
            l.stream().filter(n -> !n.startsWith("AS")).forEach(n -> out.add(dev.zt.internal.net.Cidr.parse(n)));
            return List.copyOf(out);
        }

        private boolean listed(RiskContext ctx, List<String> asns, List<dev.zt.internal.net.Cidr> nets, byte[] addr) {
            if (!asns.isEmpty() && ctx.network().isPresent() && asns.contains(ctx.network().get().id())) {
                return true;
            }
            if (addr != null) {
                for (dev.zt.internal.net.Cidr c : nets) {
                    if (c.contains(addr)) {
                        return true;
                    }
                }
            }
            return false;
        }

        @Override
        public RiskSignal evaluate(RiskContext ctx) {
            if (denyAsns.isEmpty() && denyNets.isEmpty() && stepUpAsns.isEmpty() && stepUpNets.isEmpty()) {
                return RiskSignal.none();
            }
            byte[] addr = denyNets.isEmpty() && stepUpNets.isEmpty() ? null
                    : dev.zt.internal.net.IpAddresses.parse(ctx.clientAddress());
            if (listed(ctx, denyAsns, denyNets, addr)) {
                return RiskSignal.deny("listed_network", "a denied network: " + where(ctx));
            }
            if (listed(ctx, stepUpAsns, stepUpNets, addr) && !acr.equals(ctx.acr().orElse(null))) {
                return RiskSignal.stepUp(acr, "listed_network", "a network that needs step-up: " + where(ctx));
            }
            return RiskSignal.none();
        }

        private static String where(RiskContext ctx) {
            return ctx.network().map(Object::toString).orElse(ctx.clientAddress());
        }
    }

    /**
     * {@code session-drift}: a session's provider network or browser changing mid-session, each weighted
     * {@link #DRIFT_SCORE}: both at once (a stolen cookie replayed from elsewhere) force a fresh step-up, one alone
     * (a phone moving from Wi-Fi to its carrier; a browser update is not a change: version numbers are ignored) only
     * adds to it. What the session was first seen with is remembered in the window store for the session's lifetime;
     * a step-up after a change was first seen makes the changed values the session's.
     */
    static final class SessionDrift extends BuiltIn {
        private final WindowStore history;
        private final Duration ttl;
        private final String acr;
        /**
         * What this node knows each session began with: a request that matches it asks the shared store nothing (with
         * Redis, no round trip for a session's ordinary requests). As many as the node may hold sessions (at least
         * 10,000), so that no live session falls back to a round trip per request; forgotten after ten idle minutes.
         */
        private final com.github.benmanes.caffeine.cache.Cache<String, String> known;

        SessionDrift(WindowStore history, Duration ttl, String acr, long sessions, java.time.Clock clock) {
            super("session-drift");
            this.history = history;
            this.ttl = ttl;
            this.acr = acr;
            this.known = dev.zt.internal.cache.Caches.builder(clock, Math.max(10_000, sessions))
                    .expireAfterAccess(Duration.ofMinutes(10)).build();
        }

        /**
         * The user agent without its version numbers (a browser update keeps its session), hashed short: each run of
         * digits counts as one {@code #}, without building the text (the fingerprint holds it in hex).
         */
        static int agentHash(String userAgent) {
            int h = 0;
            if (userAgent != null) {
                boolean inDigits = false;
                for (int i = 0; i < userAgent.length(); i++) {
                    char c = userAgent.charAt(i);
                    boolean digit = c >= '0' && c <= '9';
                    if (digit && inDigits) {
                        continue;
                    }
                    inDigits = digit;
                    h = 31 * h + (digit ? '#' : c);
                }
            }
            return h;
        }

        /**
         * True when {@code fingerprint} equals {@code network + " " + Integer.toHexString(agentHash)}, compared
         * without building that text: a session's ordinary request allocates nothing here.
         */
        static boolean sameFingerprint(String fingerprint, String network, int agentHash) {
            int n = network.length();
            int digits = Math.max(1, (Integer.SIZE - Integer.numberOfLeadingZeros(agentHash) + 3) / 4);
            if (fingerprint.length() != n + 1 + digits || !fingerprint.startsWith(network)
                    || fingerprint.charAt(n) != ' ') {
                return false;
            }
            int h = agentHash;
            for (int i = fingerprint.length() - 1; i > n; i--, h >>>= 4) {
                if (fingerprint.charAt(i) != Character.forDigit(h & 0xf, 16)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public RiskSignal evaluate(RiskContext ctx) {
            if (ctx.session().isEmpty()) {
                return RiskSignal.none();
            }
            String network = ctx.network().map(dev.zt.spi.risk.AutonomousSystem::id).orElse("-");
            int agent = agentHash(ctx.userAgent().orElse(null));
            String id = ctx.session().get().id();
            String seen = known.getIfPresent(id);
            if (seen != null && sameFingerprint(seen, network, agent)) {
                return RiskSignal.none();
            }
            String now = network + " " + Integer.toHexString(agent);
            String key = "drift " + id;
            String first = history.remember(key, now, false, ttl);
            known.put(id, first);
            if (first.equals(now)) {
                return RiskSignal.none();
            }
            // when this very change was first seen: only a step-up after it vouches for it (an MFA done before, by
            // the owner at login, says nothing about a cookie replayed from elsewhere afterwards)
            long seenAt = Long.parseLong(history.remember("drift-seen " + id + " " + now,
                    Long.toString(ctx.time().toEpochMilli()), false, ttl));
            Optional<Instant> at = ctx.authTime();
            if (acr.equals(ctx.acr().orElse(null)) && at.isPresent()
                    && !at.get().isBefore(Instant.ofEpochMilli(seenAt).minusSeconds(1))) {
                history.remember(key, now, true, ttl); // stepped up since: this is the session's owner
                known.put(id, now);
                return RiskSignal.none();
            }
            String[] was = first.split(" ", 2);
            List<String> changed = new java.util.ArrayList<>();
            if (!was[0].equals(network) && !was[0].equals("-") && !network.equals("-")) {
                changed.add("network " + was[0] + " -> " + network);
            }
            if (was.length > 1 && !was[1].equals(now.substring(now.indexOf(' ') + 1))) {
                changed.add("user agent");
            }
            if (changed.isEmpty()) {
                return RiskSignal.none();
            }
            String detail = "session changed " + String.join(", ", changed);
            if (changed.size() == 2) {
                // both: a replayed cookie. A step-up is forced, and must be fresh (after the change was first seen),
                // so that an MFA the owner did at login does not count
                Duration since = Duration.ofMillis(Math.max(0, ctx.time().toEpochMilli() - seenAt));
                return RiskSignal.stepUp(acr, since, DRIFT_SCORE * 2, "session_drift", detail);
            }
            return RiskSignal.score(DRIFT_SCORE, "session_drift", detail);
        }
    }

    /**
     * {@code unusual-rate}: the session's requests in the last minute against the subject's own usual rate (a moving
     * mean and deviation, sampled at most once a minute, after {@link #WARMUP_SAMPLES} samples): far above adds
     * {@link #UNUSUAL_SCORE}, very far revokes the session (data being pulled out). The fixed {@code request-rate}
     * limits stay as a floor. An unusual minute is not learned.
     */
    static final class UnusualRate extends BuiltIn {
        private final ProfileStore profiles;

        UnusualRate(ProfileStore profiles) {
            super("unusual-rate");
            this.profiles = profiles;
        }

        @Override
        public RiskSignal evaluate(RiskContext ctx) {
            if (ctx.subjectKey().isEmpty()) {
                return RiskSignal.none();
            }
            dev.zt.spi.risk.Baseline b = ctx.profile().baseline();
            int r = ctx.requestsLastMinute();
            double mean = b.rateMean();
            double sd = b.rateStdDev();
            boolean warm = b.samples() >= WARMUP_SAMPLES;
            boolean revoke = warm && r > Math.max(60, Math.max(10 * mean, mean + 12 * sd));
            boolean unusual = warm && r > Math.max(20, Math.max(4 * mean, mean + 6 * sd));
            if (!unusual && !b.sampledIn(ctx.time())) {
                profiles.update(ctx.subjectKey().get(), q -> q.baseline().sampledIn(ctx.time()) ? q
                        : q.withBaseline(q.baseline().withSample(ctx.time(), r)));
            }
            if (!unusual) {
                return RiskSignal.none();
            }
            String detail = r + " requests in the last minute, usually " + Math.round(mean * 10) / 10.0 + " ± "
                    + Math.round(sd * 10) / 10.0;
            return revoke ? RiskSignal.revokeSession("unusual_rate", detail)
                    : RiskSignal.score(UNUSUAL_SCORE, "unusual_rate", detail);
        }
    }

    /**
     * {@code unusual-endpoints}: endpoints (path templates) the subject never used, counted per minute once its
     * baseline is warm: several add {@link #UNUSUAL_SCORE}, many revoke the session (forced browsing, enumeration).
     * Endpoints used in an ordinary minute are learned (at most {@code Baseline.MAX_TEMPLATES}).
     */
    static final class UnusualEndpoints extends BuiltIn {
        static final int SCORE_AT = 5;
        static final int REVOKE_AT = 20;
        private final ProfileStore profiles;
        private final WindowStore history;

        UnusualEndpoints(ProfileStore profiles, WindowStore history) {
            super("unusual-endpoints");
            this.profiles = profiles;
            this.history = history;
        }

        @Override
        public RiskSignal evaluate(RiskContext ctx) {
            if (ctx.subjectKey().isEmpty()) {
                return RiskSignal.none();
            }
            dev.zt.spi.risk.Baseline b = ctx.profile().baseline();
            long template = PathTemplates.hash(ctx.path());
            if (b.knowsTemplate(template)) {
                return RiskSignal.none();
            }
            String key = ctx.subjectKey().get();
            if (b.samples() < WARMUP_SAMPLES) {
                profiles.update(key, q -> q.withBaseline(q.baseline().withTemplate(template)));
                return RiskSignal.none();
            }
            // distinct endpoints: a new one used again within the minute is counted once
            String nonce = Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong());
            boolean first = history.remember("novel " + key + " " + Long.toHexString(template), nonce, false,
                    Duration.ofMinutes(1)).equals(nonce);
            int novel = first ? history.recordEvent("novel " + key, Duration.ofMinutes(1))
                    : history.countEvents("novel " + key, Duration.ofMinutes(1));
            if (novel >= REVOKE_AT) {
                return RiskSignal.revokeSession("unusual_endpoints", novel + " endpoints never used before in a"
                        + " minute");
            }
            if (novel >= SCORE_AT) {
                return RiskSignal.score(UNUSUAL_SCORE, "unusual_endpoints", novel + " endpoints never used before"
                        + " in a minute");
            }
            profiles.update(key, q -> q.withBaseline(q.baseline().withTemplate(template)));
            return RiskSignal.none();
        }
    }

    /**
     * {@code unusual-hour}: a request in an hour of the day (UTC) that holds under 1 % of the subject's sampled activity
     * (after 100 samples) adds {@link #HOUR_SCORE}: a hint that tips a score, never a refusal alone.
     */
    static final class UnusualHour extends BuiltIn {
        UnusualHour() {
            super("unusual-hour");
        }

        @Override
        public RiskSignal evaluate(RiskContext ctx) {
            dev.zt.spi.risk.Baseline b = ctx.profile().baseline();
            if (b.hoursTotal() < 100 || b.hourShare(ctx.time()) >= 0.01) {
                return RiskSignal.none();
            }
            return RiskSignal.score(HOUR_SCORE, "unusual_hour", "an hour the subject is rarely active in ("
                    + dev.zt.spi.risk.Baseline.hourOf(ctx.time()) + ":00 UTC)");
        }
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
    static RiskCheck newCountry(ProfileStore profiles, String acr) {
        return new LearnedOnStepUp("new-country", profiles, acr, "new_country", RiskContext::country,
                SubjectProfile::countries, SubjectProfile::pendingCountries, SubjectProfile::withCountry,
                SubjectProfile::withPendingCountry, (ctx, v) -> "first request from " + v);
    }

    /**
     * A place (country, network) the subject must be known to come from: the first is learned without challenge (unless
     * the subject's history may have been lost); a new one asks for step-up and becomes known once the subject passes
     * step-up after it was first seen.
     */
    static final class LearnedOnStepUp extends ProfileCheck {
        /** A profile with a place learned or pending since a time. */
        interface Learn {
            SubjectProfile apply(SubjectProfile p, String value, Instant at);
        }

        private final String reason;
        private final java.util.function.Function<RiskContext, Optional<String>> seen;
        private final java.util.function.Function<SubjectProfile, java.util.Map<String, Instant>> known;
        private final java.util.function.Function<SubjectProfile, java.util.Map<String, Instant>> pending;
        private final Learn learn;
        private final Learn pend;
        private final java.util.function.BiFunction<RiskContext, String, String> describe;

        LearnedOnStepUp(String id, ProfileStore profiles, String acr, String reason,
                java.util.function.Function<RiskContext, Optional<String>> seen,
                java.util.function.Function<SubjectProfile, java.util.Map<String, Instant>> known,
                java.util.function.Function<SubjectProfile, java.util.Map<String, Instant>> pending, Learn learn,
                Learn pend, java.util.function.BiFunction<RiskContext, String, String> describe) {
            super(id, profiles, acr);
            this.reason = reason;
            this.seen = seen;
            this.known = known;
            this.pending = pending;
            this.learn = learn;
            this.pend = pend;
            this.describe = describe;
        }

        @Override
        public RiskSignal evaluate(RiskContext ctx) {
            Optional<String> here = seen.apply(ctx);
            if (here.isEmpty() || ctx.subjectKey().isEmpty()) {
                return RiskSignal.none();
            }
            String value = here.get();
            String key = ctx.subjectKey().get();
            SubjectProfile p = ctx.profile();
            if (known.apply(p).containsKey(value)) {
                return RiskSignal.none();
            }
            if (known.apply(p).isEmpty() && !p.historyUnknown()) {
                profiles.update(key, q -> learn.apply(q, value, ctx.time()));
                return RiskSignal.none();
            }
            Instant firstSeen = pending.apply(p).getOrDefault(value, ctx.time());
            if (steppedUpSince(ctx, acr, firstSeen)) {
                profiles.update(key, q -> learn.apply(q, value, ctx.time()));
                return RiskSignal.none();
            }
            profiles.update(key, q -> pend.apply(q, value, ctx.time()));
            return RiskSignal.stepUp(acr, reason, describe.apply(ctx, value));
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
            // written when the subject moved, else at most once a minute: the time of the last located request is
            // then at most a minute old, which leaves a jump across the world as impossible as before
            if (p.lastLocation().isEmpty() || p.lastSeen().isEmpty() || !p.lastLocation().get().equals(here.get())
                    || !p.lastSeen().get().plus(LOCATION_REFRESH).isAfter(ctx.time())) {
                profiles.update(ctx.subjectKey().get(), q -> q.withLastLocation(here.get(), ctx.time()));
            }
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
