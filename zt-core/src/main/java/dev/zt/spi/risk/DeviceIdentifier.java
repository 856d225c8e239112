package dev.zt.spi.risk;

import dev.zt.token.VerifiedToken;

import java.util.Optional;
import java.util.function.Function;

/**
 * Tells which device a request comes from, for the {@code new-device} check. Built in: a claim
 * ({@code zt.risk.device-claim}) and, for browser sessions, a signed {@code __Host-zt-device} cookie that zt sets.
 * Plug your own (e.g. a device-management header set by a trusted gateway) with
 * {@code ZeroTrust.builder(config).deviceIdentifier(...)}; it replaces the built-ins.
 */
public interface DeviceIdentifier {

    /**
     * The device id, when known.
     *
     * @param token the verified token
     * @param header looks up a request header by name ({@code null} when absent)
     */
    Optional<String> identify(VerifiedToken token, Function<String, String> header);
}
