package dev.zt.spi.risk;

import com.google.auto.value.AutoValue;
import dev.zt.lang.Nullable;
import dev.zt.session.SessionView;
import dev.zt.token.VerifiedToken;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Everything a {@link RiskCheck} may judge about one request: who (the verified token, its subject and claims), the zt
 * session (age, {@code acr}, {@code auth_time}), from where (client address, country, coordinates and provider network
 * when known),
 * from which device (when known), how (user agent, method, path, time) and how the session has behaved recently
 * (requests in the last minute, recent denials). Immutable.
 */
@AutoValue
public abstract class RiskContext {

    RiskContext() {
    }

    /** A builder. */
    public static Builder builder() {
        return new AutoValue_RiskContext.Builder().method("GET").path("/").deviceMismatch(false)
                .requestsLastMinute(0).recentDenials(0).profile(SubjectProfile.empty());
    }

    /** The verified token. */
    public abstract VerifiedToken token();

    /** The subject, when the token has one. */
    public Optional<String> subject() {
        return token().subject();
    }

    /**
     * The key profiles are stored under: {@code issuer + " " + subject}, where the issuer is the identity provider
     * that authenticated the subject (for a zt session, the issuer of the token it was created from), so that a
     * subject has one profile whether it calls with access tokens or with its session. Computed once per context
     * (every check asks for it).
     */
    @com.google.auto.value.extension.memoized.Memoized
    public Optional<String> subjectKey() {
        return subjectKey(token(), session().orElse(null));
    }

    /** The profile key of a token (and session); see {@link #subjectKey()}. */
    public static Optional<String> subjectKey(VerifiedToken token, @Nullable SessionView session) {
        String issuer = session != null ? session.originIssuer().orElse(token.issuer()) : token.issuer();
        return token.subject().map(s -> issuer + " " + s);
    }

    /** The zt session, when the caller used one. */
    public abstract Optional<SessionView> session();

    /** The session's age, when there is a session. */
    public Optional<Duration> sessionAge() {
        return session().map(s -> Duration.between(s.createdAt(), time()));
    }

    /** The authentication context class: the session's, else the token's. */
    public Optional<String> acr() {
        return session().flatMap(SessionView::acr).or(() -> token().acr());
    }

    /** When the user last authenticated: the session's, else the token's. */
    public Optional<Instant> authTime() {
        return session().flatMap(SessionView::authTime).or(() -> token().authTime());
    }

    /** The client address (resolved through trusted proxies only). */
    public abstract String clientAddress();

    /** Where the client is, when known. */
    public abstract Optional<GeoLocation> location();

    /** The client's country, when known. */
    public Optional<String> country() {
        return location().map(GeoLocation::country);
    }

    /** The autonomous system (provider network) the client address belongs to, when known. */
    public abstract Optional<AutonomousSystem> network();

    /** The device id, when known. */
    public abstract Optional<String> deviceId();

    /**
     * True when the session is bound to a browser device and this request did not come from it (its signed device
     * cookie is missing, forged or names another device): a session cookie replayed from elsewhere.
     * {@link #deviceId()} is then empty.
     */
    public abstract boolean deviceMismatch();

    /** The User-Agent header, when sent. */
    public abstract Optional<String> userAgent();

    /**
     * The SHA-256 thumbprint ({@code x5t#S256}) of the client's TLS certificate, when it presented one (to the
     * container, or through a trusted proxy's RFC 9440 {@code Client-Cert}): a device signal whether or not the token
     * is bound to it.
     */
    public abstract Optional<String> clientCertificate();

    /** The RFC 7638 thumbprint of the key whose DPoP proof this request carried, when its token is DPoP-bound. */
    public abstract Optional<String> proofKey();

    /** The HTTP method. */
    public abstract String method();

    /** The application path. */
    public abstract String path();

    /** When the request arrived (zt's clock). */
    public abstract Instant time();

    /** Requests of this session (or subject, without session) in the last minute, this one included. */
    public abstract int requestsLastMinute();

    /** Authorization denials (403) of this session in the recent window. */
    public abstract int recentDenials();

    /** What zt knows about the subject before this request. */
    public abstract SubjectProfile profile();

    /** A builder holding this context's values. */
    public abstract Builder toBuilder();

    /** Builds a {@link RiskContext}. */
    @AutoValue.Builder
    public abstract static class Builder {

        Builder() {
        }

        /** The token. */
        public abstract Builder token(VerifiedToken v);

        /** The session. */
        public abstract Builder session(@Nullable SessionView v);

        /** The client address. */
        public abstract Builder clientAddress(String v);

        /** The location. */
        public abstract Builder location(@Nullable GeoLocation v);

        /** The autonomous system. */
        public abstract Builder network(@Nullable AutonomousSystem v);

        /** The device id. */
        public abstract Builder deviceId(@Nullable String v);

        /** The session's device binding was not met. */
        public abstract Builder deviceMismatch(boolean v);

        /** The user agent. */
        public abstract Builder userAgent(@Nullable String v);

        /** The method. */
        public abstract Builder method(String v);

        /** The client certificate's thumbprint. */
        public abstract Builder clientCertificate(@Nullable String v);

        /** The DPoP key's thumbprint. */
        public abstract Builder proofKey(@Nullable String v);

        /** The path. */
        public abstract Builder path(String v);

        /** The time. */
        public abstract Builder time(Instant v);

        /** Requests in the last minute. */
        public abstract Builder requestsLastMinute(int v);

        /** Recent denials. */
        public abstract Builder recentDenials(int v);

        /** The subject's profile. */
        public abstract Builder profile(SubjectProfile v);

        /** Builds the context. */
        public abstract RiskContext build();
    }
}
