package dev.zt;

import com.google.auto.value.AutoValue;
import dev.zt.lang.Nullable;
import dev.zt.session.SessionView;
import dev.zt.spi.risk.Decision;
import dev.zt.token.VerifiedToken;

import java.util.Optional;

/**
 * What zt established about the current request, published by the filter as the request attribute
 * {@value #ATTRIBUTE} (and injectable in CDI): the verified token, the zt session when the caller used one (a view
 * without credentials), the session's CSRF token for the application's forms, the client address (resolved through
 * trusted proxies only), the country and the trust decision. Immutable.
 *
 * <p>{@link #toString()} names neither the bearer nor the CSRF token.
 */
@AutoValue
public abstract class ZeroTrustContext {

    /** The request attribute under which the filter publishes the context. */
    public static final String ATTRIBUTE = "dev.zt.ZeroTrustContext";

    ZeroTrustContext() {
    }

    /** A builder (for enforcement points and tests). */
    public static Builder builder() {
        return new AutoValue_ZeroTrustContext.Builder();
    }

    /** The verified access or session token. */
    public abstract VerifiedToken token();

    /**
     * The compact token the caller presented, for propagation to downstream services (e.g. with
     * {@code ZeroTrustClientFilter.propagating}). A bearer credential: never log it.
     */
    public abstract String bearerToken();

    /** The zt session, when the caller presented a session token. */
    public abstract Optional<SessionView> session();

    /**
     * The session's CSRF token, for the application's HTML forms (field {@code zt.csrf.parameter-name}) in cookie mode.
     * Readable by the page's scripts anyway (its cookie is not {@code HttpOnly}); never log it.
     */
    public abstract Optional<String> csrfToken();

    /**
     * The client's address: the direct peer, or the right-most untrusted hop behind trusted proxies; {@code unknown}
     * when a forwarded hop was not an address.
     */
    public abstract String clientAddress();

    /** The client's country (ISO 3166-1 alpha-2), when known. */
    public abstract Optional<String> country();

    /** The trust decision for this request. */
    public abstract Decision decision();

    /** The caller's subject, when the token has one. */
    public Optional<String> subject() {
        return token().subject();
    }

    @Override
    public final String toString() {
        return "ZeroTrustContext[" + token() + ", client " + clientAddress() + ", " + decision() + "]";
    }

    /**
     * Builds a {@link ZeroTrustContext}; token, bearer, client address and decision are required, and a
     * {@code @Nullable} setter treats {@code null} as absent.
     */
    @AutoValue.Builder
    public abstract static class Builder {

        Builder() {
        }

        /** The verified token. */
        public abstract Builder token(VerifiedToken v);

        /** The compact token as presented. */
        public abstract Builder bearerToken(String v);

        /** The session, for a session token. */
        public abstract Builder session(@Nullable SessionView v);

        /** The session's CSRF token. */
        public abstract Builder csrfToken(@Nullable String v);

        /** The client address. */
        public abstract Builder clientAddress(String v);

        /** The country. */
        public abstract Builder country(@Nullable String v);

        /** The trust decision. */
        public abstract Builder decision(Decision v);

        /** Builds the context. */
        public abstract ZeroTrustContext build();
    }
}
