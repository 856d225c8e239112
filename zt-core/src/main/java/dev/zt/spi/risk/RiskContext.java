package dev.zt.spi.risk;

import dev.zt.session.SessionView;
import dev.zt.token.VerifiedToken;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a {@link RiskCheck} may judge about one request: who (the verified token, its subject and claims), the zt
 * session (age, {@code acr}, {@code auth_time}), from where (client address, country and coordinates when known),
 * from which device (when known), how (user agent, method, path, time) and how the session has behaved recently
 * (requests in the last minute, recent denials). Immutable.
 */
public final class RiskContext {

    private final VerifiedToken token;
    private final SessionView session;
    private final String clientAddress;
    private final GeoLocation location;
    private final String deviceId;
    private final boolean deviceMismatch;
    private final String userAgent;
    private final String method;
    private final String path;
    private final Instant time;
    private final int requestsLastMinute;
    private final int recentDenials;
    private final SubjectProfile profile;

    private RiskContext(Builder b) {
        this.token = Objects.requireNonNull(b.token, "token");
        this.session = b.session;
        this.clientAddress = Objects.requireNonNull(b.clientAddress, "clientAddress");
        this.location = b.location;
        this.deviceId = b.deviceId;
        this.deviceMismatch = b.deviceMismatch;
        this.userAgent = b.userAgent;
        this.method = b.method;
        this.path = b.path;
        this.time = Objects.requireNonNull(b.time, "time");
        this.requestsLastMinute = b.requestsLastMinute;
        this.recentDenials = b.recentDenials;
        this.profile = b.profile == null ? SubjectProfile.empty() : b.profile;
    }

    /** A builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The verified token. */
    public VerifiedToken token() {
        return token;
    }

    /** The subject, when the token has one. */
    public Optional<String> subject() {
        return token.subject();
    }

    /**
     * The key profiles are stored under: {@code issuer + " " + subject}, where the issuer is the identity provider
     * that authenticated the subject (for a zt session, the issuer of the token it was created from), so that a
     * subject has one profile whether it calls with access tokens or with its session.
     */
    public Optional<String> subjectKey() {
        return subjectKey(token, session);
    }

    /** The profile key of a token (and session); see {@link #subjectKey()}. */
    public static Optional<String> subjectKey(VerifiedToken token, SessionView session) {
        String issuer = session != null ? session.originIssuer().orElse(token.issuer()) : token.issuer();
        return token.subject().map(s -> issuer + " " + s);
    }

    /** The zt session, when the caller used one. */
    public Optional<SessionView> session() {
        return Optional.ofNullable(session);
    }

    /** The session's age, when there is a session. */
    public Optional<Duration> sessionAge() {
        return session().map(s -> Duration.between(s.createdAt(), time));
    }

    /** The authentication context class: the session's, else the token's. */
    public Optional<String> acr() {
        return session != null && session.acr().isPresent() ? session.acr() : token.acr();
    }

    /** When the user last authenticated: the session's, else the token's. */
    public Optional<Instant> authTime() {
        return session != null && session.authTime().isPresent() ? session.authTime() : token.authTime();
    }

    /** The client address (resolved through trusted proxies only). */
    public String clientAddress() {
        return clientAddress;
    }

    /** Where the client is, when known. */
    public Optional<GeoLocation> location() {
        return Optional.ofNullable(location);
    }

    /** The client's country, when known. */
    public Optional<String> country() {
        return location().map(GeoLocation::country);
    }

    /** The device id, when known. */
    public Optional<String> deviceId() {
        return Optional.ofNullable(deviceId);
    }

    /**
     * True when the session is bound to a browser device and this request did not come from it (its signed device
     * cookie is missing, forged or names another device): a session cookie replayed from elsewhere.
     * {@link #deviceId()} is then empty.
     */
    public boolean deviceMismatch() {
        return deviceMismatch;
    }

    /** The User-Agent header, when sent. */
    public Optional<String> userAgent() {
        return Optional.ofNullable(userAgent);
    }

    /** The HTTP method. */
    public String method() {
        return method;
    }

    /** The application path. */
    public String path() {
        return path;
    }

    /** When the request arrived (zt's clock). */
    public Instant time() {
        return time;
    }

    /** Requests of this session (or subject, without session) in the last minute, this one included. */
    public int requestsLastMinute() {
        return requestsLastMinute;
    }

    /** Authorization denials (403) of this session in the recent window. */
    public int recentDenials() {
        return recentDenials;
    }

    /** What zt knows about the subject before this request. */
    public SubjectProfile profile() {
        return profile;
    }

    /** Builds a {@link RiskContext}. */
    public static final class Builder {
        private VerifiedToken token;
        private SessionView session;
        private String clientAddress;
        private GeoLocation location;
        private String deviceId;
        private boolean deviceMismatch;
        private String userAgent;
        private String method = "GET";
        private String path = "/";
        private Instant time;
        private int requestsLastMinute;
        private int recentDenials;
        private SubjectProfile profile;

        private Builder() {
        }

        /** The token. */
        public Builder token(VerifiedToken v) {
            token = v;
            return this;
        }

        /** The session. */
        public Builder session(SessionView v) {
            session = v;
            return this;
        }

        /** The client address. */
        public Builder clientAddress(String v) {
            clientAddress = v;
            return this;
        }

        /** The location. */
        public Builder location(GeoLocation v) {
            location = v;
            return this;
        }

        /** The device id. */
        public Builder deviceId(String v) {
            deviceId = v;
            return this;
        }

        /** The session's device binding was not met. */
        public Builder deviceMismatch(boolean v) {
            deviceMismatch = v;
            return this;
        }

        /** The user agent. */
        public Builder userAgent(String v) {
            userAgent = v;
            return this;
        }

        /** The method. */
        public Builder method(String v) {
            method = v;
            return this;
        }

        /** The path. */
        public Builder path(String v) {
            path = v;
            return this;
        }

        /** The time. */
        public Builder time(Instant v) {
            time = v;
            return this;
        }

        /** Requests in the last minute. */
        public Builder requestsLastMinute(int v) {
            requestsLastMinute = v;
            return this;
        }

        /** Recent denials. */
        public Builder recentDenials(int v) {
            recentDenials = v;
            return this;
        }

        /** The subject's profile. */
        public Builder profile(SubjectProfile v) {
            profile = v;
            return this;
        }

        /** Builds the context. */
        public RiskContext build() {
            return new RiskContext(this);
        }
    }
}
