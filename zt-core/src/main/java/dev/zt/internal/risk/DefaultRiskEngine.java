package dev.zt.internal.risk;

import dev.zt.config.RiskSettings;
import dev.zt.monitoring.DecisionLog;
import dev.zt.risk.RiskEngine;
import dev.zt.spi.risk.Decision;
import dev.zt.spi.risk.GeoLocation;
import dev.zt.spi.risk.GeoLocator;
import dev.zt.spi.risk.RiskCheck;
import dev.zt.spi.risk.RiskContext;
import dev.zt.spi.risk.RiskSignal;
import dev.zt.spi.risk.TrustPolicy;
import dev.zt.spi.store.ProfileStore;
import dev.zt.session.SessionView;
import dev.zt.spi.store.WindowStore;
import dev.zt.token.RejectionReason;
import dev.zt.token.TokenRejectedException;
import dev.zt.token.VerifiedToken;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * zt's {@link RiskEngine}: the checks (inline when they answer from memory, together on the application's executor
 * when they may block), the trust policy, and the context they read. Counting and reporting are the
 * {@link DecisionLog}'s.
 */
public final class DefaultRiskEngine implements RiskEngine {

    private static final System.Logger LOG = System.getLogger("dev.zt.risk");
    /** Why a check failed when the store it reads was unavailable: the request is refused store_unavailable. */
    private static final String STORE_FAILURE = "store_unavailable";

    private final List<RiskCheck> checks;
    private final List<RiskCheck> inline;
    private final List<RiskCheck> blocking;
    /** The checks' ids, and where each inline and each blocking check stands in {@link #checks}. */
    private final String[] ids;
    private final int[] inlineIndex;
    private final int[] blockingIndex;
    private final Set<String> advisory;
    private final TrustPolicy policy;
    private final GeoLocator geo;
    private final ProfileStore profiles;
    private final WindowStore history;
    private final Clock clock;
    private final long timeoutMillis;
    private final ExecutorService executor;
    private final DecisionLog log;

    /**
     * The store the built-in checks learn through ({@link #learningStore}), whose updates of one request are applied
     * once, after the inline checks; null when the checks write to the store directly.
     */
    private final CoalescingProfiles learning;

    /**
     * The profile store the built-in checks should learn through: their updates of one request are composed and
     * written once, after the inline checks ran (pass it to {@link RiskChecks#discover}, then to this engine).
     */
    public static ProfileStore learningStore(ProfileStore profiles) {
        return new CoalescingProfiles(profiles);
    }

    /** Creates the engine; checks are already discovered and selected ({@link RiskChecks}). */
    public DefaultRiskEngine(RiskSettings settings, List<RiskCheck> checks, TrustPolicy policy, GeoLocator geo,
            ProfileStore profiles, WindowStore history, Clock clock, ExecutorService executor, DecisionLog log) {
        this.checks = List.copyOf(checks);
        List<RiskCheck> in = new ArrayList<>();
        List<RiskCheck> off = new ArrayList<>();
        for (RiskCheck c : checks) {
            (c.blocking() ? off : in).add(c);
        }
        this.inline = List.copyOf(in);
        this.blocking = List.copyOf(off);
        this.ids = new String[this.checks.size()];
        this.inlineIndex = new int[in.size()];
        this.blockingIndex = new int[off.size()];
        for (int i = 0, a = 0, b = 0; i < ids.length; i++) {
            RiskCheck c = this.checks.get(i);
            ids[i] = c.id();
            if (c.blocking()) {
                blockingIndex[b++] = i;
            } else {
                inlineIndex[a++] = i;
            }
        }
        this.advisory = settings.advisory();
        this.policy = policy != null ? policy : new DefaultTrustPolicy(settings);
        this.geo = geo;
        this.learning = profiles instanceof CoalescingProfiles ? (CoalescingProfiles) profiles : null;
        this.profiles = learning != null ? learning.store() : profiles;
        this.history = history;
        this.clock = clock;
        this.timeoutMillis = Math.max(1, settings.timeout().toMillis());
        this.executor = executor;
        this.log = log;
    }

    @Override
    public List<String> checkIds() {
        List<String> ids = new ArrayList<>();
        for (RiskCheck c : checks) {
            ids.add(c.id());
        }
        return ids;
    }

    @Override
    public Optional<GeoLocation> locate(String address) {
        try {
            return geo == null ? Optional.empty() : geo.locate(address);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "geo-location failed ({0})", e.getClass().getSimpleName());
            return Optional.empty();
        }
    }

    private dev.zt.spi.risk.AutonomousSystem network(String address) {
        try {
            return geo == null ? null : geo.network(address).orElse(null);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "network look-up failed ({0})", e.getClass().getSimpleName());
            return null;
        }
    }

    @Override
    public RiskContext.Builder context(VerifiedToken token, SessionView session, String clientAddress,
            GeoLocation knownLocation) {
        String key = historyKey(token, session);
        WindowStore.RequestCounts counts = history.recordRequestAndCountDenials(key);
        RiskContext.Builder b = RiskContext.builder().token(token).session(session).clientAddress(clientAddress)
                .time(clock.instant())
                .location(knownLocation != null ? knownLocation : locate(clientAddress).orElse(null))
                .network(network(clientAddress))
                .requestsLastMinute(counts.requestsLastMinute())
                .recentDenials(counts.recentDenials());
        RiskContext.subjectKey(token, session).ifPresent(k -> b.profile(profiles.get(k)));
        return b;
    }

    @Override
    public void recordDenial(VerifiedToken token, SessionView session) {
        history.recordDenial(historyKey(token, session));
    }

    private static String historyKey(VerifiedToken token, SessionView session) {
        if (session != null) {
            return "s " + session.id();
        }
        return "t " + token.issuer() + " " + token.subject().orElse(token.tokenId().orElse("?"));
    }

    @Override
    public Decision evaluate(RiskContext context) {
        int n = checks.size();
        if (n == 0) {
            return count(Decision.allow());
        }
        // Per request: the answers, indexed like `checks` (inline checks write them on this thread; blocking ones on
        // the executor's, published to this thread by the future, and copied once that wait is over), and why a
        // check gave none, made only when one failed or blocking checks run.
        RiskSignal[] results = new RiskSignal[n];
        String[] failures = blocking.isEmpty() ? null : new String[n];
        String learnFailure = null;
        if (learning != null) {
            learning.collect();
        }
        try {
            for (int i = 0; i < inline.size(); i++) {
                String failure = run(inline.get(i), context, inlineIndex[i], results);
                if (failure != null) {
                    if (failures == null) {
                        failures = new String[n];
                    }
                    failures[inlineIndex[i]] = failure;
                }
            }
        } finally {
            if (learning != null) {
                try {
                    learning.flush(); // one profile write for what the checks learned
                } catch (TokenRejectedException e) {
                    learnFailure = e.reason() == RejectionReason.STORE_UNAVAILABLE ? STORE_FAILURE
                            : e.getClass().getSimpleName();
                } catch (RuntimeException e) {
                    learnFailure = e.getClass().getSimpleName();
                }
            }
        }
        if (!blocking.isEmpty() && !runBlocking(context, results, failures)) {
            LOG.log(Level.WARNING, "risk checks could not be handed to the executor (saturated); denying");
            return count(failed());
        }
        int answered = 0;
        List<String> failed = null;
        boolean storeDown = false;
        for (int i = 0; i < n; i++) {
            if (results[i] != null) {
                answered++;
                continue;
            }
            String id = ids[i];
            String why = failures != null && failures[i] != null ? failures[i] : "timed out";
            boolean store = STORE_FAILURE.equals(why); // the store's guard logged the outage once
            if (advisory.contains(id)) {
                LOG.log(store ? Level.DEBUG : Level.WARNING, "advisory risk check {0} failed ({1}); ignored", id, why);
            } else {
                if (failed == null) {
                    failed = new ArrayList<>();
                }
                failed.add(id + ": " + why);
                storeDown |= store;
            }
        }
        if (learnFailure != null) { // as a check's own write failing: the store's outage refuses the request
            if (failed == null) {
                failed = new ArrayList<>();
            }
            failed.add("learning the profile: " + learnFailure);
            storeDown |= STORE_FAILURE.equals(learnFailure);
        }
        if (storeDown) {
            throw new TokenRejectedException(RejectionReason.STORE_UNAVAILABLE, "a risk check could not reach its"
                    + " store: " + failed);
        }
        if (failed != null) {
            LOG.log(Level.WARNING, "risk check(s) failed, denying: {0}", failed);
            return count(failed());
        }
        try {
            Decision d = policy.decide(SignalMap.of(ids, results, answered), context);
            return count(d == null ? failed() : d);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "trust policy failed ({0}); denying", e.getClass().getSimpleName());
            return count(failed());
        }
    }

    /** The blocking checks in one hand-off, within the budget; false when the executor refused them. */
    private boolean runBlocking(RiskContext context, RiskSignal[] results, String[] failures) {
        int m = blocking.size();
        AtomicReferenceArray<RiskSignal> answers = new AtomicReferenceArray<>(m);
        AtomicReferenceArray<String> errors = new AtomicReferenceArray<>(m);
        Future<?> run;
        try {
            run = executor.submit(() -> {
                RiskSignal[] one = new RiskSignal[1];
                for (int j = 0; j < m; j++) {
                    one[0] = null;
                    String why = run(blocking.get(j), context, 0, one);
                    answers.set(j, one[0]);
                    errors.set(j, why);
                }
            });
        } catch (RejectedExecutionException e) {
            return false;
        }
        boolean stop = false;
        try {
            run.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            stop = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop = true;
        }
        // what was answered by now, read before the cancel: a check interrupted by the cancel may still return a
        // signal (often none()), and read after it that signal would pass for an answer to a check that timed out
        for (int j = 0; j < m; j++) { // a check that answers later than this is a check that timed out
            results[blockingIndex[j]] = answers.get(j);
            failures[blockingIndex[j]] = errors.get(j);
        }
        if (stop) {
            run.cancel(true);
        }
        return true;
    }

    /** Runs one check into {@code results[at]}; null, else why it gave no answer. */
    private static String run(RiskCheck c, RiskContext context, int at, RiskSignal[] results) {
        try {
            RiskSignal s = c.evaluate(context);
            results[at] = s == null ? RiskSignal.none() : s;
            return null;
        } catch (TokenRejectedException e) {
            return e.reason() == RejectionReason.STORE_UNAVAILABLE ? STORE_FAILURE : e.getClass().getSimpleName();
        } catch (RuntimeException | Error e) {
            return e.getClass().getSimpleName();
        }
    }

    private static Decision failed() { // the detail is logged by the caller
        return Decision.of(Decision.Type.DENY, null, null, List.of("risk_check_failed"), 100)
                .refusedAs(RejectionReason.RISK_CHECK_FAILED);
    }

    private Decision count(Decision d) {
        log.countDecision(d.type().name());
        for (String r : d.reasons()) {
            log.countReason(r);
        }
        return d;
    }

    @Override
    public String policyVersion() {
        return policy.version();
    }

    @Override
    public ProfileStore profiles() {
        return profiles;
    }

    @Override
    public WindowStore windows() {
        return history;
    }
}
