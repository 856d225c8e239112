package dev.zt.filter.internal.pipeline;

import dev.zt.ZeroTrust;
import dev.zt.filter.internal.request.Cookies;
import dev.zt.filter.internal.settings.FilterSettings;
import dev.zt.policy.Verdict;
import dev.zt.spi.risk.DeviceIdentifier;
import dev.zt.token.VerifiedToken;

import java.util.Optional;

/**
 * The device behind the request. A {@link DeviceIdentifier} given in code wins; else the configured claim
 * ({@code zt.risk.device-claim}); else, for a cookie-mode session, the signed device cookie, bound into the session:
 * when the session is first used from a browser it is bound to that browser's device (a new signed cookie is set when
 * it has none), and from then on every request must come from it. A missing, forged, duplicated or foreign device
 * cookie is an unknown device: the request needs step-up (fail closed), and completing the step-up from this browser
 * moves the session to it. Bearer API clients without the claim have no device.
 */
public final class DeviceStage implements Stage {

    private final ZeroTrust engine;
    private final FilterSettings settings;

    /** Creates the stage. */
    public DeviceStage(ZeroTrust engine, FilterSettings settings) {
        this.engine = engine;
        this.settings = settings;
    }

    @Override
    public Optional<Verdict> apply(Exchange x) {
        VerifiedToken token = x.token;
        Optional<DeviceIdentifier> identifier = engine.deviceIdentifier();
        if (identifier.isPresent()) {
            x.deviceId = identifier.get().identify(token, x.request::getHeader).orElse(null);
            return Optional.empty();
        }
        Optional<String> claim = engine.config().risk().deviceClaim();
        if (claim.isPresent()) {
            Optional<Object> claimed = token.claim(claim.get());
            if (claimed.isPresent()) {
                x.deviceId = String.valueOf(claimed.get());
                return Optional.empty();
            }
        }
        if (x.session == null || !x.credential.fromCookie()) {
            return Optional.empty();
        }
        String presented = presented(x.cookies);
        String bound = x.session.deviceId().orElse(null);
        if (bound == null) { // first use from a browser: bind to it
            bound = engine.sessions().bindDevice(x.session.id(), presented != null ? presented : mint(x));
            presented = presented != null ? presented : bound;
        }
        if (bound.equals(presented)) {
            x.deviceId = bound;
            return Optional.empty();
        }
        if (presented == null) {
            mint(x); // so that this browser can complete the step-up and take the session over
        }
        x.deviceStepUp = Verdict.stepUp(engine.config().risk().stepUpAcr(), null, "the session is bound to another device");
        return Optional.empty();
    }

    /** The verified device id of the request's device cookie: null when missing, forged or sent twice. */
    public String presented(Cookies cookies) {
        try {
            return settings.devices.verify(cookies.single(settings.deviceCookie)).orElse(null);
        } catch (Cookies.DuplicateCookieException e) {
            return null;
        }
    }

    /** Sets a new signed device cookie on the response and returns its device id. */
    public String mint(Exchange x) {
        String value = settings.devices.mint();
        x.response.addHeader("Set-Cookie", settings.deviceCookie + "=" + value
                + "; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=31536000");
        return settings.devices.verify(value).orElseThrow();
    }
}
