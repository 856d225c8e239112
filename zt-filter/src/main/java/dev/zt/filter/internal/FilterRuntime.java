package dev.zt.filter.internal;

import dev.zt.filter.internal.settings.FilterSettings;
import dev.zt.ZeroTrust;
import dev.zt.filter.container.RequestAuthenticator;
import dev.zt.filter.internal.endpoint.BackChannelLogoutEndpoint;
import dev.zt.filter.internal.endpoint.LogoutEndpoint;
import dev.zt.filter.internal.endpoint.SessionEndpoint;
import dev.zt.filter.internal.pipeline.CsrfStage;
import dev.zt.filter.internal.pipeline.DeviceStage;
import dev.zt.filter.internal.pipeline.Endpoint;
import dev.zt.filter.internal.pipeline.Enforcer;
import dev.zt.filter.internal.pipeline.Redirects;
import dev.zt.filter.internal.pipeline.SessionCookies;
import dev.zt.filter.internal.pipeline.Events;
import dev.zt.filter.internal.pipeline.Pipeline;
import dev.zt.token.VerifiedToken;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.util.Map;
import java.util.Optional;

/** One application's enforcement point: the engine, the filter's settings, the pipeline and the enforcer. */
public final class FilterRuntime implements RequestAuthenticator {

    private final ZeroTrust engine;
    private final FilterSettings settings;
    private final Pipeline pipeline;
    private final Enforcer enforcer;

    /** Assembles the runtime; settings are validated here. */
    public FilterRuntime(ZeroTrust engine, ClassLoader loader) {
        this.engine = engine;
        this.settings = new FilterSettings(engine.config(), loader);
        FilterSettings s = settings;
        Events events = new Events(engine);
        SessionCookies cookies = new SessionCookies(s.cookieName, s.csrfCookie,
                engine.config().session().maxLifetime(), engine.clock());
        DeviceStage devices = new DeviceStage(engine.sessions(), engine.deviceIdentifier().orElse(null),
                engine.config().risk().deviceClaim().orElse(null), s.devices, s.deviceCookie,
                engine.config().risk().stepUpAcr());
        CsrfStage csrf = new CsrfStage(s.csrfHeader, s.csrfParameter, s.formMaxBytes, s.formMaxFields);
        Redirects redirects = new Redirects(s.loginUrl, s.stepUpUrl);
        Map<String, Endpoint> endpoints = Map.of(
                s.prefix + "/session", new SessionEndpoint(engine, devices, cookies, s.cookieName, events),
                s.prefix + "/logout", new LogoutEndpoint(engine, s.cookieName, csrf, cookies, redirects, events),
                s.prefix + "/backchannel-logout", new BackChannelLogoutEndpoint(engine, s.formMaxBytes,
                        s.formMaxFields, s.retryAfterSeconds, events));
        this.pipeline = new Pipeline(engine, settings, devices, csrf, endpoints);
        this.enforcer = new Enforcer(engine, settings, events, devices, cookies, redirects);
    }

    /** The engine. */
    public ZeroTrust engine() {
        return engine;
    }

    /** The settings. */
    public FilterSettings settings() {
        return settings;
    }

    /** The decision pipeline. */
    public Pipeline pipeline() {
        return pipeline;
    }

    /** The enforcer. */
    public Enforcer enforcer() {
        return enforcer;
    }

    @Override
    public Optional<VerifiedToken> authenticate(HttpServletRequest request, HttpServletResponse response) {
        return pipeline.authenticate(request, response);
    }
}
