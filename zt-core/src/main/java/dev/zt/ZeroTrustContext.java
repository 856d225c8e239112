package dev.zt;

import dev.zt.session.SessionView;
import dev.zt.spi.risk.Decision;
import dev.zt.token.VerifiedToken;

import java.util.Objects;
import java.util.Optional;

/**
 * What zt established about the current request, published by the filter as the request attribute
 * {@value #ATTRIBUTE} (and injectable in CDI): the verified token, the zt session when the caller used one (a view
 * without credentials), the session's CSRF token for the application's forms, the client address (resolved through
 * trusted proxies only), the country and the trust decision. Immutable.
 */
public final class ZeroTrustContext {

    /** The request attribute under which the filter publishes the context. */
    public static final String ATTRIBUTE = "dev.zt.ZeroTrustContext";

    private final VerifiedToken token;
    private final String bearer;
    private final SessionView session;
    private final String csrfToken;
    private final String clientAddress;
    private final String country;
    private final Decision decision;

    private ZeroTrustContext(Builder b) {
        this.token = Objects.requireNonNull(b.token, "token");
        this.bearer = Objects.requireNonNull(b.bearer, "bearer");
        this.session = b.session;
        this.csrfToken = b.csrfToken;
        this.clientAddress = Objects.requireNonNull(b.clientAddress, "clientAddress");
        this.country = b.country;
        this.decision = Objects.requireNonNull(b.decision, "decision");
    }

    /** A builder (for enforcement points and tests). */
    public static Builder builder() {
        return new Builder();
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
    public Optional<SessionView> session() {
        return Optional.ofNullable(session);
    }

    /**
     * The session's CSRF token, for the application's HTML forms (field {@code zt.csrf.parameter-name}) in cookie mode.
     * Readable by the page's scripts anyway (its cookie is not {@code HttpOnly}); never log it.
     */
    public Optional<String> csrfToken() {
        return Optional.ofNullable(csrfToken);
    }

    /**
     * The client's address: the direct peer, or the right-most untrusted hop behind trusted proxies; {@code unknown}
     * when a forwarded hop was not an address.
     */
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

    /** Builds a {@link ZeroTrustContext}; token, bearer, client address and decision are required. */
    public static final class Builder {
        private VerifiedToken token;
        private String bearer;
        private SessionView session;
        private String csrfToken;
        private String clientAddress;
        private String country;
        private Decision decision;

        private Builder() {
        }

        /** The verified token. */
        public Builder token(VerifiedToken v) {
            token = v;
            return this;
        }

        /** The compact token as presented. */
        public Builder bearerToken(String v) {
            bearer = v;
            return this;
        }

        /** The session, for a session token. */
        public Builder session(SessionView v) {
            session = v;
            return this;
        }

        /** The session's CSRF token. */
        public Builder csrfToken(String v) {
            csrfToken = v;
            return this;
        }

        /** The client address. */
        public Builder clientAddress(String v) {
            clientAddress = v;
            return this;
        }

        /** The country. */
        public Builder country(String v) {
            country = v;
            return this;
        }

        /** The trust decision. */
        public Builder decision(Decision v) {
            decision = v;
            return this;
        }

        /** Builds the context. */
        public ZeroTrustContext build() {
            return new ZeroTrustContext(this);
        }
    }
}
