package dev.zt.internal.ssf;

import dev.zt.config.IssuerConfig;
import dev.zt.config.SsfSettings;
import dev.zt.config.TransmitterConfig;
import dev.zt.config.ZtConfig;
import dev.zt.internal.keys.Secrets;
import dev.zt.internal.token.SecurityEventTokens;
import dev.zt.monitoring.DecisionLog;
import dev.zt.session.SessionManager;
import dev.zt.spi.event.SecurityEvent;
import dev.zt.spi.keys.KeySource;
import dev.zt.spi.risk.SubjectSignals;
import dev.zt.spi.store.ProfileStore;
import dev.zt.spi.store.ReplayCache;
import dev.zt.ssf.Receipt;
import dev.zt.ssf.SharedSignals;
import dev.zt.ssf.StreamStatus;
import dev.zt.token.TokenRejectedException;

import java.lang.System.Logger.Level;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * zt's Shared Signals receiver: verifies each SET of a configured transmitter, resolves its subject, has the session
 * manager or the subject's profile carry out its event, and remembers its {@code jti} (in the replay cache, which a
 * cluster shares) until {@code zt.ssf.max-set-age}.
 *
 * <p>Order matters for a security receiver: an event is <em>applied first</em> and recorded as seen afterwards, and
 * every action is idempotent and ordered by the event's time (a cut-off keeps the later instant, a profile keeps the
 * newer report), so a failure between the two steps only means the event is applied once more when the transmitter
 * delivers it again, never that a revocation is lost because its {@code jti} was recorded first.
 */
public final class DefaultSharedSignals implements SharedSignals, AutoCloseable {

    private static final System.Logger LOG = System.getLogger("dev.zt.ssf");
    /** Keycloak's {@code session-revoked} for every session of a user names the session {@code ALL}. */
    private static final String ALL_SESSIONS = "ALL";

    private final SsfSettings settings;
    private final Map<String, IssuerConfig> issuers;
    private final Clock clock;
    /** When this receiver started: the lag of a transmitter never heard from counts from here. */
    private final Instant started;
    private final SessionManager sessions;
    private final ProfileStore profiles;
    private final ReplayCache replays;
    private final DecisionLog events;
    private final boolean reportOnly;
    private final String mode;
    private final Map<String, Transmitter> transmitters = new LinkedHashMap<>();
    private final List<AutoCloseable> closeables = new ArrayList<>();

    /** One transmitter: its configuration, SET verifier, push secret, subjects issuer and stream state. */
    static final class Transmitter {
        final TransmitterConfig config;
        final SecurityEventTokens verifier;
        final byte[] pushAuthorization;
        final String subjectsIssuer;
        final StreamState state;

        Transmitter(TransmitterConfig config, SecurityEventTokens verifier, byte[] pushAuthorization,
                String subjectsIssuer) {
            this.config = config;
            this.verifier = verifier;
            this.pushAuthorization = pushAuthorization;
            this.subjectsIssuer = subjectsIssuer;
            this.state = new StreamState(config.delivery() == TransmitterConfig.Delivery.PUSH ? "push" : "poll");
        }
    }

    /**
     * Creates the receiver.
     *
     * @param keys each transmitter's key source, by name
     * @param environment where {@code env:} secret references are read
     */
    public DefaultSharedSignals(ZtConfig config, Map<String, KeySource> keys, Clock clock, SessionManager sessions,
            ProfileStore profiles, ReplayCache replays, DecisionLog events, Map<String, String> environment) {
        this.settings = config.ssf();
        this.issuers = config.issuers();
        this.clock = clock;
        this.started = clock.instant();
        this.sessions = sessions;
        this.profiles = profiles;
        this.replays = replays;
        this.events = events;
        this.reportOnly = config.reportOnly();
        this.mode = reportOnly ? "report-only" : "enforce";
        for (TransmitterConfig t : settings.transmitters().values()) {
            byte[] push = t.pushAuthorizationReference().map(ref -> secret(t, ref, environment)).orElse(null);
            IssuerConfig subjects = issuers.get(t.subjectsIssuer());
            SecurityEventTokens verifier = new SecurityEventTokens(t, keys.get(t.name()), clock, settings.maxSetAge(),
                    subjects.clockSkew(), settings.pushMaxBytes());
            transmitters.put(t.name(), new Transmitter(t, verifier, push, subjects.issuer()));
        }
    }

    private static byte[] secret(TransmitterConfig t, String reference, Map<String, String> environment) {
        try {
            return Secrets.loadText(reference, environment).getBytes(StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new dev.zt.config.ConfigurationException(dev.zt.config.ConfigKeys.transmitter(t.name(),
                    dev.zt.config.ConfigKeys.PUSH_AUTHORIZATION), "transmitter '" + t.name()
                    + "': cannot read its push-authorization (" + e.getMessage() + ")");
        }
    }

    /** The JMX view of the streams ({@code dev.zt:type=SharedSignals}): per transmitter, as numbers and as text. */
    public interface StreamsMXBean {
        /** Per transmitter: status, deliveries, counts, last verification and error. */
        Map<String, String> getStreams();

        /** Per transmitter: seconds since it was last heard from (a SET or a poll), -1 when never. */
        Map<String, Long> getLagSeconds();

        /** Per transmitter: SETs accepted on this node. */
        Map<String, Long> getReceived();

        /** Per transmitter: SETs refused on this node. */
        Map<String, Long> getRejected();
    }

    /**
     * Seconds since the transmitter was last heard from (a SET or an answered poll), or since this receiver started
     * when it has not been yet: a lag that keeps growing is a stream that delivers nothing.
     */
    long lagSeconds(String transmitter) {
        Instant last = transmitters.get(transmitter).state.snapshot(transmitter).lastContact().orElse(started);
        return Math.max(0, Duration.between(last, clock.instant()).toSeconds());
    }

    /**
     * Registers the streams' meters (none without transmitters), removed on close: in the log's registries,
     * {@code zt.ssf.lag} (seconds) and {@code zt.ssf.sets.received} / {@code zt.ssf.sets.rejected} tagged
     * {@code application} and {@code transmitter}; and the JMX view.
     */
    void registerMeters(String application, dev.zt.internal.monitoring.DefaultDecisionLog meters) {
        if (transmitters.isEmpty()) {
            return;
        }
        for (String name : transmitters.keySet()) {
            closeables.add(meters.gauge("zt.ssf.lag", "seconds since the Shared Signals transmitter was last heard"
                    + " from", "seconds", "transmitter", name, () -> lagSeconds(name)));
            closeables.add(meters.counter("zt.ssf.sets.received", "Security Event Tokens of the transmitter"
                    + " accepted on this node", "transmitter", name,
                    () -> transmitters.get(name).state.snapshot(name).received()));
            closeables.add(meters.counter("zt.ssf.sets.rejected", "Security Event Tokens of the transmitter"
                    + " refused on this node", "transmitter", name,
                    () -> transmitters.get(name).state.snapshot(name).rejected()));
        }
        try {
            javax.management.ObjectName name = new javax.management.ObjectName("dev.zt:type=SharedSignals,application="
                    + javax.management.ObjectName.quote(application) + ",instance="
                    + Integer.toHexString(System.identityHashCode(this)));
            StreamsMXBean bean = new StreamsMXBean() {
                @Override
                public Map<String, String> getStreams() {
                    Map<String, String> out = new LinkedHashMap<>();
                    streams().forEach(s -> out.put(s.transmitter(), s.toString()));
                    return out;
                }

                @Override
                public Map<String, Long> getLagSeconds() {
                    Map<String, Long> out = new LinkedHashMap<>();
                    streams().forEach(s -> out.put(s.transmitter(), lagSeconds(s.transmitter())));
                    return out;
                }

                @Override
                public Map<String, Long> getReceived() {
                    Map<String, Long> out = new LinkedHashMap<>();
                    streams().forEach(s -> out.put(s.transmitter(), s.received()));
                    return out;
                }

                @Override
                public Map<String, Long> getRejected() {
                    Map<String, Long> out = new LinkedHashMap<>();
                    streams().forEach(s -> out.put(s.transmitter(), s.rejected()));
                    return out;
                }
            };
            javax.management.MBeanServer server = java.lang.management.ManagementFactory.getPlatformMBeanServer();
            server.registerMBean(new javax.management.StandardMBean(bean, StreamsMXBean.class, true), name);
            closeables.add(() -> server.unregisterMBean(name));
        } catch (javax.management.JMException | RuntimeException e) {
            LOG.log(Level.DEBUG, "SSF MBean not registered ({0})", e.getClass().getSimpleName());
        }
    }

    /** Registers something to close with the receiver (a poller, a key source's executor). */
    void closeWith(AutoCloseable c) {
        closeables.add(c);
    }

    /** The transmitter of this name, or null. */
    Transmitter transmitter(String name) {
        return transmitters.get(name);
    }

    @Override
    public boolean enabled() {
        return !transmitters.isEmpty();
    }

    @Override
    public Optional<String> pushTransmitter(String authorization) {
        if (authorization == null) {
            return Optional.empty();
        }
        byte[] given = authorization.getBytes(StandardCharsets.UTF_8);
        String found = null;
        for (Transmitter t : transmitters.values()) {
            // every configured value is compared, in constant time, whichever matches
            if (t.pushAuthorization != null && MessageDigest.isEqual(given, t.pushAuthorization) && found == null) {
                found = t.config.name();
            }
        }
        return Optional.ofNullable(found);
    }

    @Override
    public Receipt receive(String name, String set) {
        Transmitter t = transmitters.get(name);
        if (t == null) {
            return Receipt.rejected("invalid_request", "no transmitter named " + name);
        }
        SecurityEventTokens.Verified v;
        try {
            v = t.verifier.verify(set);
        } catch (SecurityEventTokens.Failure f) {
            Receipt r = f.keysUnavailable ? Receipt.unavailable("the transmitter's keys are unavailable: "
                    + f.getMessage()) : Receipt.rejected(f.code, f.getMessage());
            return refused(t, null, r);
        }
        t.state.contact(clock.instant());
        return handle(t, v);
    }

    /** Acts on a verified SET. */
    Receipt handle(Transmitter t, SecurityEventTokens.Verified v) {
        EventKind kind = EventKind.of(v.eventType);
        String event = EventKind.shortName(v.eventType);
        if (kind == null) {
            return refused(t, v, Receipt.rejected("invalid_request", "event type " + event + " is not one zt acts on"
                    + " (docs/ssf.md)"));
        }
        if (kind == EventKind.VERIFICATION || kind == EventKind.STREAM_UPDATED) {
            return stream(t, v, kind);
        }
        SignalSubject subject;
        try {
            subject = SignalSubject.parse(v.subject, t.subjectsIssuer);
        } catch (SignalSubject.Invalid e) {
            return refused(t, v, Receipt.rejected("invalid_request", event + ": " + e.getMessage()));
        }
        Instant at = eventTime(v);
        String action;
        try {
            action = reportOnly ? "report-only: " + plan(kind, subject, v) : apply(kind, subject, v, at);
        } catch (SignalSubject.Invalid e) {
            return refused(t, v, Receipt.rejected("invalid_request", event + ": " + e.getMessage()));
        } catch (TokenRejectedException e) {
            return refused(t, v, Receipt.unavailable(event + " could not be applied: " + e.description()));
        } catch (RuntimeException e) {
            // never acknowledged: the transmitter delivers it again (fail closed for the event, never a lost action)
            LOG.log(Level.WARNING, "SSF event {0} of transmitter {1} could not be applied ({2})", event,
                    t.config.name(), e.getClass().getName());
            return refused(t, v, Receipt.unavailable(event + " could not be applied (" + e.getClass().getSimpleName()
                    + ")"));
        }
        boolean first;
        try {
            first = replays.firstUse("ssf " + v.issuer + " " + v.id, v.issuedAt.plus(settings.maxSetAge()));
        } catch (RuntimeException e) {
            return refused(t, v, Receipt.unavailable(event + " was applied, but the replay cache could not record it ("
                    + e.getClass().getSimpleName() + "); it may be delivered again (no second effect)"));
        }
        if (!first) {
            return Receipt.duplicate(event + " jti seen before: no second effect");
        }
        t.state.accepted(clock.instant());
        events.countReason("ssf_" + event.replace('-', '_'));
        events.emit(event(t, v, "ssf_event", event).subject(subject.subject).detail(detail(t, v, subject, action))
                .build());
        return Receipt.accepted(event + ": " + action);
    }

    /**
     * Carries out the event (the session manager is the Policy Administrator; profile signals reach the next request's
     * risk decision) and says what was done.
     */
    private String apply(EventKind kind, SignalSubject s, SecurityEventTokens.Verified v, Instant at)
            throws SignalSubject.Invalid {
        switch (kind) {
            case SESSION_REVOKED:
                if (s.session != null && !ALL_SESSIONS.equals(s.session)) {
                    sessions.endProviderSession(s.issuer, s.session);
                    return "ended provider session " + shorten(s.session) + " (its tokens and zt sessions)";
                }
                return cutOff(s, at);
            case SUBJECT_CUT_OFF:
                return cutOff(s, at);
            case ASSURANCE_CHANGED: {
                String direction = text(v.event, "change_direction");
                if ("increase".equals(direction)) {
                    return "no action: the assurance increased";
                }
                String level = required(v.event, "current_level");
                profile(s, signals -> signals.withAssurance(new SubjectSignals.Timed(level, at)));
                return "authentications before " + at + " count as acr " + shorten(level) + " at most";
            }
            case DEVICE_COMPLIANCE: {
                if (s.device == null) {
                    throw new SignalSubject.Invalid("device-compliance-change needs a complex subject with a device");
                }
                String status = required(v.event, "current_status").toLowerCase(Locale.ROOT);
                if (!status.equals(SubjectSignals.COMPLIANT) && !status.equals(SubjectSignals.NOT_COMPLIANT)) {
                    throw new SignalSubject.Invalid("current_status must be compliant or not-compliant");
                }
                profile(s, signals -> signals.withDevice(s.device, new SubjectSignals.Timed(status, at)));
                return "device " + shorten(s.device) + " is " + status + (status.equals(SubjectSignals.NOT_COMPLIANT)
                        ? ": its sessions end at their next request" : "");
            }
            case RISK_LEVEL: {
                String level = required(v.event, "current_level").toLowerCase(Locale.ROOT);
                if (!settings.riskScores().containsKey(level)) {
                    throw new SignalSubject.Invalid("current_level must be LOW, MEDIUM or HIGH");
                }
                profile(s, signals -> signals.withRiskLevel(new SubjectSignals.Timed(level, at)));
                return "risk level " + level + " (score " + settings.riskScores().get(level) + ")";
            }
            default:
                return "no action";
        }
    }

    /** What {@link #apply} would do, for report-only mode (it also checks that the event has what it needs). */
    private static String plan(EventKind kind, SignalSubject s, SecurityEventTokens.Verified v)
            throws SignalSubject.Invalid {
        switch (kind) {
            case SESSION_REVOKED:
                return s.session != null && !ALL_SESSIONS.equals(s.session) ? "would end provider session "
                        + shorten(s.session) : "would refuse every earlier token and session of " + userOf(s);
            case SUBJECT_CUT_OFF:
                return "would refuse every earlier token and session of " + userOf(s);
            case ASSURANCE_CHANGED:
            case DEVICE_COMPLIANCE:
            case RISK_LEVEL:
                return "would record " + EventKind.shortName(v.eventType) + " for " + userOf(s);
            default:
                return "no action";
        }
    }

    /**
     * Every token of the user issued up to {@code at}, and every zt session created from one, is refused. Token times
     * are whole seconds: a token issued in the event's second may have come before it, so that second is included
     * (fail closed; a login in that very second just logs in again).
     */
    private String cutOff(SignalSubject s, Instant at) throws SignalSubject.Invalid {
        Instant notBefore = at.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).plusSeconds(1);
        for (String user : userKeysOf(s)) {
            sessions.endSubject(s.issuer, user, notBefore);
        }
        return "refused every token and zt session of " + userOf(s) + " issued before " + notBefore;
    }

    private void profile(SignalSubject s, java.util.function.UnaryOperator<SubjectSignals> change)
            throws SignalSubject.Invalid {
        if (s.subject == null) {
            throw new SignalSubject.Invalid("this event needs the user's iss_sub or opaque subject (profiles are kept"
                    + " by sub, not by e-mail)");
        }
        profiles.update(s.issuer + " " + s.subject, p -> p.withSignals(change.apply(p.signals())));
    }

    private static List<String> userKeysOf(SignalSubject s) throws SignalSubject.Invalid {
        if (!s.namesUser()) {
            throw new SignalSubject.Invalid("the event names no user");
        }
        return s.userKeys();
    }

    private static String userOf(SignalSubject s) throws SignalSubject.Invalid {
        userKeysOf(s);
        return s.describe();
    }

    /** SSF stream events: a verification answers zt's request; a stream update says the transmitter's status. */
    private Receipt stream(Transmitter t, SecurityEventTokens.Verified v, EventKind kind) {
        Instant now = clock.instant();
        if (kind == EventKind.VERIFICATION) {
            Object state = v.event.get("state");
            t.state.verified(now);
            events.emit(event(t, v, "ssf_stream", "verification").detail(detail(t, v, null, "stream verified"
                    + (state instanceof String ? " (state " + shorten((String) state) + ")" : ""))).build());
            return Receipt.accepted("verification");
        }
        Object status = v.event.get("status");
        if (!(status instanceof String) || !List.of("enabled", "paused", "disabled").contains(status)) {
            return refused(t, v, Receipt.rejected("invalid_request", "stream-updated needs status enabled, paused or"
                    + " disabled"));
        }
        t.state.status((String) status, now);
        if (!"enabled".equals(status)) {
            LOG.log(Level.WARNING, "SSF transmitter {0} reports its stream {1}: events may not reach zt until it is"
                    + " enabled again", t.config.name(), status);
        }
        events.emit(event(t, v, "ssf_stream", "stream-updated").detail(detail(t, v, null, "stream " + status))
                .build());
        return Receipt.accepted("stream " + status);
    }

    /** A refusal: counted, audited (at most the details a SET can be trusted with), its receipt returned. */
    private Receipt refused(Transmitter t, SecurityEventTokens.Verified v, Receipt r) {
        t.state.refused(r.description());
        String reason = r.outcome() == Receipt.Outcome.UNAVAILABLE ? "ssf_unavailable"
                : "ssf_" + r.errorCode().orElse("invalid_request");
        events.countReason(reason);
        SecurityEvent.Builder e = v != null ? event(t, v, "ssf_rejected", reason)
                : SecurityEvent.builder(clock.instant(), "ssf_rejected").issuer(t.config.name()).mode(mode)
                        .reason(reason);
        events.emit(e.detail((v != null ? "jti=" + shorten(v.id) + " " : "") + r.description()).build());
        return r;
    }

    private SecurityEvent.Builder event(Transmitter t, SecurityEventTokens.Verified v, String type, String reason) {
        return SecurityEvent.builder(clock.instant(), type).issuer(t.config.name()).mode(mode).reason(reason)
                .decision("ssf");
    }

    private static String detail(Transmitter t, SecurityEventTokens.Verified v, SignalSubject s, String action) {
        return "cause=ssf transmitter=" + t.config.name() + " event=" + EventKind.shortName(v.eventType)
                + (v.transaction == null ? "" : " txn=" + shorten(v.transaction)) + " jti=" + shorten(v.id)
                + (s == null ? "" : " subject=" + s.describe()) + ": " + action;
    }

    /**
     * When the event happened: its {@code event_timestamp} (CAEP 1.0 section 2), else the SET's {@code iat}; never
     * later than now (a cut-off in the future would refuse the user's next login too).
     */
    Instant eventTime(SecurityEventTokens.Verified v) {
        Instant now = clock.instant();
        Instant at = v.issuedAt;
        Object ts = v.event.get("event_timestamp");
        if (ts instanceof Long) {
            at = Instant.ofEpochSecond((Long) ts);
        } else if (ts instanceof BigDecimal && ((BigDecimal) ts).signum() > 0
                && ((BigDecimal) ts).compareTo(BigDecimal.valueOf(253_402_300_799L)) < 0) {
            at = Instant.ofEpochMilli(((BigDecimal) ts).movePointRight(3).longValue());
        }
        return at.isAfter(now) ? now : at;
    }

    private static String text(Map<String, Object> event, String name) {
        Object v = event.get(name);
        return v instanceof String ? (String) v : null;
    }

    private static String required(Map<String, Object> event, String name) throws SignalSubject.Invalid {
        String v = text(event, name);
        if (v == null || v.isEmpty() || v.length() > 256) {
            throw new SignalSubject.Invalid("the event needs " + name);
        }
        return v;
    }

    static String shorten(String s) {
        String t = s.replaceAll("[^\\x20-\\x7e]", "?");
        return t.length() > 64 ? t.substring(0, 64) + "..." : t;
    }

    @Override
    public Receipt revokeSubject(Map<String, Object> subjectId, String requestedBy) {
        String issuerName = settings.gtrSubjectsIssuer().orElse(settings.gtrIssuer().orElse(null));
        IssuerConfig subjects = issuerName == null ? null : issuers.get(issuerName);
        if (subjects == null) {
            return Receipt.rejected("unknown_subject", "no zt.gtr.subjects-issuer is configured");
        }
        SignalSubject s;
        try {
            s = SignalSubject.parse(subjectId, subjects.issuer());
            userKeysOf(s);
        } catch (SignalSubject.Invalid e) {
            return gtrEvent(Receipt.rejected(e.otherIssuer ? "unknown_subject" : "invalid_request", e.getMessage()),
                    null, requestedBy);
        }
        Instant now = clock.instant();
        try {
            String action = reportOnly ? "report-only: would refuse every earlier token and session of "
                    + s.describe() : cutOff(s, now);
            return gtrEvent(Receipt.accepted(action), s, requestedBy);
        } catch (SignalSubject.Invalid e) {
            return gtrEvent(Receipt.rejected("invalid_request", e.getMessage()), s, requestedBy);
        } catch (RuntimeException e) {
            return gtrEvent(Receipt.unavailable("the revocation store could not record it ("
                    + e.getClass().getSimpleName() + ")"), s, requestedBy);
        }
    }

    private Receipt gtrEvent(Receipt r, SignalSubject s, String requestedBy) {
        String type = r.outcome() == Receipt.Outcome.ACCEPTED ? "global_token_revocation" : "gtr_rejected";
        events.countReason(type.equals("gtr_rejected") ? "gtr_" + r.errorCode().orElse("unavailable") : type);
        events.emit(SecurityEvent.builder(clock.instant(), type).mode(mode).decision("gtr")
                .subject(s == null ? null : s.subject).detail("requested by " + shorten(requestedBy) + ": "
                        + r.description()).build());
        return r;
    }

    @Override
    public List<StreamStatus> streams() {
        List<StreamStatus> out = new ArrayList<>();
        for (Transmitter t : transmitters.values()) {
            out.add(t.state.snapshot(t.config.name()));
        }
        return out;
    }

    @Override
    public void close() {
        for (AutoCloseable c : closeables) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.log(Level.WARNING, "closing the SSF receiver: {0}", e.getClass().getName());
            }
        }
    }
}
