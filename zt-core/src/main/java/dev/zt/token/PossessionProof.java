package dev.zt.token;

import com.google.auto.value.AutoValue;
import dev.zt.lang.Nullable;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

/**
 * What a request presents to prove that it holds the key or certificate its token is bound to: the scheme of its
 * {@code Authorization} header, its {@code DPoP} header values (RFC 9449 section 4), its method and the URLs it may
 * have been sent to as the client saw them, and the client certificate of its TLS connection (RFC 8705). Built by an
 * enforcement point; checked by {@link SenderConstraints#check}. Immutable.
 */
@AutoValue
public abstract class PossessionProof {

    PossessionProof() {
    }

    /** A builder: bearer scheme, no proofs, no certificate. */
    public static Builder builder() {
        return new AutoValue_PossessionProof.Builder().dpopScheme(false).fromCookie(false).dpopProofs(List.of());
    }

    /** True when the token came as {@code Authorization: DPoP <token>}. */
    public abstract boolean dpopScheme();

    /** True when the token came in a cookie (no proof of possession is possible there). */
    public abstract boolean fromCookie();

    /** Every {@code DPoP} header value of the request, in order (more than one is refused). */
    public abstract List<String> dpopProofs();

    /** The HTTP method. */
    public abstract String method();

    /**
     * The request's URL as the client addressed it (scheme, host, port and path; a query is ignored), one per origin
     * the application is reached at: a proof's {@code htu} must equal one of them (RFC 9449 section 4.3, step 9).
     */
    public abstract List<String> urls();

    /** The client's TLS certificate, from the container or a trusted proxy (RFC 9440). */
    public abstract Optional<X509Certificate> clientCertificate();

    /** Builds a {@link PossessionProof}. */
    @AutoValue.Builder
    public abstract static class Builder {

        Builder() {
        }

        /** The {@code DPoP} scheme was used. */
        public abstract Builder dpopScheme(boolean v);

        /** The token came in a cookie. */
        public abstract Builder fromCookie(boolean v);

        /** The {@code DPoP} header values. */
        public abstract Builder dpopProofs(List<String> v);

        /** The HTTP method (required). */
        public abstract Builder method(String v);

        /** The candidate request URLs (required). */
        public abstract Builder urls(List<String> v);

        /** The client certificate. */
        public abstract Builder clientCertificate(@Nullable X509Certificate v);

        abstract List<String> dpopProofs();

        abstract List<String> urls();

        abstract PossessionProof autoBuild();

        /** Builds the presentation. */
        public PossessionProof build() {
            return dpopProofs(List.copyOf(dpopProofs())).urls(List.copyOf(urls())).autoBuild();
        }
    }
}
