package dev.zt;

import dev.zt.spi.risk.Decision;
import dev.zt.spi.store.SessionRecord;
import dev.zt.token.VerifiedToken;

import java.util.Objects;
import java.util.Optional;

/**
 * What zt established about the current request, published by the filter as the request attribute
 * {@value #ATTRIBUTE} (and injectable in CDI): the verified token, the zt session when the caller used one, the
 * client address (resolved through trusted proxies only) and the trust decision. Immutable.
 */
public final class ZeroTrustContext {

    /** The request attribute under which the filter publishes the context. */
    public static final String ATTRIBUTE = "dev.zt.ZeroTrustContext";

    private final VerifiedToken token;
    private final String bearer;
    private final SessionRecord session;
    private final String clientAddress;
    private final String country;
    private final Decision decision;

    /** Creates the context; {@code bearer} is the compact token as presented. */
    public ZeroTrustContext(VerifiedToken token, String bearer, SessionRecord session, String clientAddress,
            Decision decision) {
        this(token, bearer, session, clientAddress, null, decision);
    }

    /** Creates the context with the client's country, when known. */
    public ZeroTrustContext(VerifiedToken token, String bearer, SessionRecord session, String clientAddress,
            String country, Decision decision) {
        this.country = country;
        this.token = Objects.requireNonNull(token, "token");
        this.bearer = Objects.requireNonNull(bearer, "bearer");
        this.session = session;
        this.clientAddress = Objects.requireNonNull(clientAddress, "clientAddress");
        this.decision = Objects.requireNonNull(decision, "decision");
    }

    /** The verified access or session token. */
    public VerifiedToken token() {
        return token;
    }

    /**
     * The compact token the caller presented, for propagation to downstream services (e.g. with
     * {@code ZeroTrustClientFilter.propagating}). A bearer credential: never log it.
     */
    public String bearerToken() {
        return bearer;
    }

    /** The zt session, when the caller presented a session token. */
    public Optional<SessionRecord> session() {
        return Optional.ofNullable(session);
    }

    /** The client's address: the direct peer, or the right-most untrusted hop behind trusted proxies. */
    public String clientAddress() {
        return clientAddress;
    }

    /** The client's country (ISO 3166-1 alpha-2), when known. */
    public Optional<String> country() {
        return Optional.ofNullable(country);
    }

    /** The trust decision for this request. */
    public Decision decision() {
        return decision;
    }

    /** The caller's subject, when the token has one. */
    public Optional<String> subject() {
        return token.subject();
    }

    @Override
    public String toString() {
        return "ZeroTrustContext[" + token + ", client " + clientAddress + ", " + decision + "]";
    }
}
