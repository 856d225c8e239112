package dev.zt.filter.internal;

import dev.zt.filter.internal.settings.FilterSettings;
import dev.zt.ZeroTrust;
import dev.zt.ZeroTrustContext;
import dev.zt.filter.container.CurrentCaller;
import dev.zt.filter.container.RequestAuthenticator;
import dev.zt.filter.internal.endpoint.BackChannelLogoutEndpoint;
import dev.zt.filter.internal.endpoint.CallbackEndpoint;
import dev.zt.filter.internal.endpoint.LogoutEndpoint;
import dev.zt.filter.internal.endpoint.GlobalTokenRevocationEndpoint;
import dev.zt.filter.internal.endpoint.ResourceMetadataEndpoint;
import dev.zt.filter.internal.endpoint.SessionEndpoint;
import dev.zt.filter.internal.endpoint.SsfPushEndpoint;
import dev.zt.filter.internal.oidc.BrowserLogin;
import dev.zt.filter.internal.pipeline.Endpoint;
import dev.zt.filter.internal.pipeline.Enforcer;
import dev.zt.filter.internal.pipeline.Pipeline;
import dev.zt.filter.internal.pipeline.Wiring;
import dev.zt.token.VerifiedToken;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** One application's enforcement point: the engine, the filter's settings, the pipeline and the enforcer. */
public final class FilterRuntime implements RequestAuthenticator, CurrentCaller {

    private final Wiring w;
    private final Pipeline pipeline;
    private final Enforcer enforcer;

    /** Assembles the runtime of an engine the application built; the filter's settings are validated here. */
    public FilterRuntime(ZeroTrust engine, ClassLoader loader) {
        this(engine, new FilterSettings(engine.config(), loader));
    }

    /** Assembles the runtime of an engine with the filter settings already read from its configuration. */
    FilterRuntime(ZeroTrust engine, FilterSettings settings) {
        this.w = new Wiring(engine, settings, wiring -> settings.login == null ? null : new BrowserLogin(wiring));
        String prefix = w.settings.prefix;
        Map<String, Endpoint> endpoints = new HashMap<>(Map.of(prefix + "/session", new SessionEndpoint(w),
                prefix + "/logout", new LogoutEndpoint(w), prefix + "/backchannel-logout",
                new BackChannelLogoutEndpoint(w)));
        if (w.login != null) {
            endpoints.put(prefix + "/callback", new CallbackEndpoint(w));
        }
        if (engine.sharedSignals().enabled()) {
            endpoints.put(prefix + "/ssf/push", new SsfPushEndpoint(w));
        }
        if (engine.config().ssf().gtrIssuer().isPresent()) {
            endpoints.put(prefix + "/global-token-revocation", new GlobalTokenRevocationEndpoint(w));
        }
        if (w.settings.healthEnabled) {
            endpoints.put(prefix + "/health", new dev.zt.filter.internal.endpoint.HealthEndpoint(w));
        }
        if (w.settings.resourceMetadata) {
            endpoints.put(ResourceMetadataEndpoint.PATH, new ResourceMetadataEndpoint(w));
        }
        this.pipeline = new Pipeline(w, endpoints);
        this.enforcer = new Enforcer(w, w.settings.consoleEnabled ? new dev.zt.filter.internal.endpoint.Console(w)
                : null);
    }

    /** The engine. */
    public ZeroTrust engine() {
        return w.engine;
    }

    /** The settings. */
    public FilterSettings settings() {
        return w.settings;
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

    @Override
    public Optional<ZeroTrustContext> current() {
        return Optional.ofNullable(enforcer.serving());
    }
}
