package dev.zt.filter.container;

/**
 * Request attributes zt publishes on every request it lets pass (public paths included), for applications with their
 * own login or step-up pages.
 */
public final class RequestAttributes {

    /** The client address zt resolved through {@code zt.trusted-proxies} ({@code unknown} for an unparsable hop). */
    public static final String CLIENT_ADDRESS = "dev.zt.client-address";

    /**
     * The verified id of the browser's signed device cookie, when it has a valid one: pass it to
     * {@code SessionManager.stepUp(sessionId, acr, authTime, deviceId)} so that a session challenged from an unknown
     * device moves to the browser that completed the step-up.
     */
    public static final String DEVICE_ID = "dev.zt.device-id";

    private RequestAttributes() {
    }
}
