package dev.zt.ssf;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * zt as a receiver of the OpenID Shared Signals Framework 1.0: it verifies the Security Event Tokens (RFC 8417) of
 * the configured transmitters ({@code zt.ssf.transmitters.*}), pushed (RFC 8935) or polled (RFC 8936), and has the
 * session manager (the Policy Administrator) act on their CAEP 1.0 and RISC 1.0 events: a revoked provider session,
 * a credential change or a disabled account ends the subject's tokens and zt sessions; a lowered assurance, a
 * non-compliant device or a risk level reaches the next request's decision. With a shared store (Redis) an event
 * received by one node applies on every node.
 *
 * <p>Every SET is acted on at most once per {@code jti} (a duplicate is acknowledged without a second effect); every
 * action is a security event ({@code ssf_event}); in report-only mode events are verified and logged, not applied.
 * Thread-safe. {@code docs/ssf.md} describes what each event does.
 */
public interface SharedSignals {

    /** True when at least one transmitter is configured. */
    boolean enabled();

    /**
     * The push transmitter whose configured {@code Authorization} value this is (compared in constant time), or empty:
     * the push must be refused ({@code 401}, RFC 8935 section 2.3).
     */
    Optional<String> pushTransmitter(String authorization);

    /**
     * Receives one SET from a transmitter (by configured name): verified, de-duplicated across nodes and acted on.
     * Never throws for anything a transmitter sends.
     */
    Receipt receive(String transmitter, String set);

    /**
     * Global Token Revocation (draft-parecki-oauth-global-token-revocation): every token and zt session of the subject
     * ({@code sub_id}, a subject identifier of RFC 9493: {@code iss_sub}, {@code opaque} or {@code email}) issued until
     * now is refused; the subject must authenticate again.
     *
     * @return accepted, or rejected with {@code invalid_request} (a subject zt cannot resolve) or
     *     {@code unknown_subject} (a subject of an issuer zt does not trust), or unavailable
     */
    Receipt revokeSubject(Map<String, Object> subjectId, String requestedBy);

    /** The state of each transmitter's stream on this node. */
    List<StreamStatus> streams();
}
