package dev.zt.filter.internal.pipeline;

import dev.zt.ZeroTrust;
import dev.zt.filter.internal.settings.FilterSettings;

/**
 * What the filter's stages, endpoints and enforcer share, made once per application: the engine, the filter's
 * settings, and the collaborators more than one of them needs (events, the session cookies, the device stage, the CSRF
 * check, the browser redirects). Immutable.
 */
public final class Wiring {

    /** The engine. */
    public final ZeroTrust engine;
    /** The filter's settings. */
    public final FilterSettings settings;
    /** Security events and the audit log. */
    public final Events events;
    /** The cookies of cookie mode. */
    public final SessionCookies cookies;
    /** The device behind a request. */
    public final DeviceStage devices;
    /** The CSRF check of cookie mode. */
    public final CsrfStage csrf;
    /** Proof of possession (DPoP, client certificates). */
    public final ProofStage proofs;
    /** Browser redirects to the login and step-up pages. */
    public final Redirects redirects;
    /** The browser login at an OpenID Connect provider, or null when none is configured. */
    public final ProviderLogin login;

    /** Wires the collaborators of an engine and its filter settings, without browser login. */
    public Wiring(ZeroTrust engine, FilterSettings settings) {
        this(engine, settings, w -> null);
    }

    /**
     * Wires the collaborators of an engine and its filter settings; {@code login} makes the browser login from the
     * others (or null when none is configured).
     */
    public Wiring(ZeroTrust engine, FilterSettings settings, java.util.function.Function<Wiring, ProviderLogin> login) {
        this.engine = engine;
        this.settings = settings;
        if (settings.rules.needsPdp() && engine.policyDecisionPoint().isEmpty()) {
            throw new dev.zt.config.ConfigurationException("zt.rules", "zt.rules asks a policy decision point"
                    + " (permission=) and zt.authzen.pdp is not set");
        }
        this.events = new Events(engine);
        this.cookies = new SessionCookies(engine, settings);
        this.devices = new DeviceStage(engine, settings);
        this.csrf = new CsrfStage(settings);
        this.proofs = new ProofStage(this);
        this.redirects = new Redirects(settings.loginUrl, settings.stepUpUrl);
        this.login = login.apply(this);
    }
}
