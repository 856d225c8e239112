package dev.zt.filter.internal.pipeline;

import dev.zt.filter.internal.request.Cookies;
import dev.zt.internal.risk.DeviceCookies;
import dev.zt.policy.Verdict;
import dev.zt.session.SessionManager;
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

    private final SessionManager sessions;
    private final DeviceIdentifier identifier;
    private final String claim;
    private final DeviceCookies devices;
    private final String cookieName;
    private final String stepUpAcr;

    /** Creates the stage. */
    public DeviceStage(SessionManager sessions, DeviceIdentifier identifier, String claim, DeviceCookies devices,
            String cookieName, String stepUpAcr) {
        this.sessions = sessions;
        this.identifier = identifier;
        this.claim = claim;
        this.devices = devices;
        this.cookieName = cookieName;
        this.stepUpAcr = stepUpAcr;
    }

    @Override
    public Optional<Verdict> apply(Exchange x) {
        VerifiedToken token = x.token;
        if (identifier != null) {
            x.deviceId = identifier.identify(token, x.request::getHeader).orElse(null);
            return Optional.empty();
        }
        if (claim != null) {
            Optional<Object> claimed = token.claim(claim);
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
            bound = sessions.bindDevice(x.session.id(), presented != null ? presented : mint(x));
            presented = presented != null ? presented : bound;
        }
        if (bound.equals(presented)) {
            x.deviceId = bound;
            return Optional.empty();
        }
        if (presented == null) {
            mint(x); // so that this browser can complete the step-up and take the session over
        }
        x.deviceStepUp = Verdict.stepUp(stepUpAcr, null, "the session is bound to another device");
        return Optional.empty();
    }

    /** The verified device id of the request's device cookie: null when missing, forged or sent twice. */
    public String presented(Cookies cookies) {
        try {
            return devices.verify(cookies.single(cookieName)).orElse(null);
        } catch (Cookies.DuplicateCookieException e) {
            return null;
        }
    }

    /** Sets a new signed device cookie on the response and returns its device id. */
    public String mint(Exchange x) {
        String value = devices.mint();
        x.response.addHeader("Set-Cookie", cookieName + "=" + value
                + "; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=31536000");
        return devices.verify(value).orElseThrow();
    }
}
