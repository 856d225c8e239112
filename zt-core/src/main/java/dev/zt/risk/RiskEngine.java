package dev.zt.risk;

import dev.zt.spi.risk.Decision;
import dev.zt.spi.risk.GeoLocation;
import dev.zt.spi.risk.RiskContext;
import dev.zt.spi.store.ProfileStore;
import dev.zt.session.SessionView;
import dev.zt.spi.store.WindowStore;
import dev.zt.token.VerifiedToken;

import java.util.List;
import java.util.Optional;

/**
 * zt's Policy Engine (NIST SP 800-207 trust algorithm): it gathers a request's context, runs the risk checks within
 * {@code zt.risk.timeout} and lets the trust policy turn their signals into one {@link Decision}. It decides; the
 * enforcement point enforces and the session manager (Policy Administrator) carries out revocations.
 *
 * <p>Fails closed: a check that throws or runs out of time denies ({@code risk_check_failed}) unless its id is in
 * {@code zt.risk.advisory}. Checks that answer from memory run on the request thread; checks that may block
 * ({@link dev.zt.spi.risk.RiskCheck#blocking()}) run together on the application's executor. Thread-safe.
 */
public interface RiskEngine {

    /**
     * The context of a request: its location (unless the caller knows it), the subject's profile, and the session's
     * request count (this request is recorded) and recent denials. The caller adds the request's details. A store that
     * cannot answer is a {@link dev.zt.token.TokenRejectedException} with {@code store_unavailable}.
     */
    RiskContext.Builder context(VerifiedToken token, SessionView session, String clientAddress,
            GeoLocation knownLocation);

    /**
     * Runs the checks and the trust policy for one request. Failures deny; the one exception is a check that failed
     * because its store could not answer, which throws {@link dev.zt.token.TokenRejectedException} with
     * {@code store_unavailable} (HTTP 503 with {@code Retry-After}: the caller may retry; nothing is wrong with it).
     */
    Decision evaluate(RiskContext context);

    /** Records an authorization denial (403) for the caller, for {@code authorization-failures}. */
    void recordDenial(VerifiedToken token, SessionView session);

    /** The location of an address, when the geo-locator knows it. */
    Optional<GeoLocation> locate(String address);

    /** The ids of the checks that run, in order. */
    List<String> checkIds();

    /** The trust policy's version, recorded in events. */
    String policyVersion();

    /** The subject profiles the checks learn from. */
    ProfileStore profiles();

    /** The rate and behaviour windows (shared by every node with a shared store). */
    WindowStore windows();
}
