package dev.zt.token;

import com.google.auto.value.AutoValue;
import dev.zt.lang.Nullable;

import java.util.Optional;

/**
 * What a request proved beyond its token ({@link SenderConstraints#check}): the RFC 7638 thumbprint of the key whose
 * DPoP proof was verified, the SHA-256 thumbprint of the client certificate presented (whether or not the token is
 * bound to it: a device signal for risk checks), and a server nonce the client should use from now on
 * ({@code DPoP-Nonce}, RFC 9449 section 8), when its own is about to expire. Immutable.
 */
@AutoValue
public abstract class Confirmation {

    private static final Confirmation NONE = of(null, null, null);

    Confirmation() {
    }

    /** Nothing proved: a bearer token from a client without a certificate. */
    public static Confirmation none() {
        return NONE;
    }

    /** A confirmation. */
    public static Confirmation of(@Nullable String proofKey, @Nullable String certificate,
            @Nullable String nextNonce) {
        return new AutoValue_Confirmation(Optional.ofNullable(proofKey), Optional.ofNullable(certificate),
                Optional.ofNullable(nextNonce));
    }

    /** The thumbprint of the key a verified DPoP proof was signed with. */
    public abstract Optional<String> proofKey();

    /** The SHA-256 thumbprint ({@code x5t#S256}) of the client's certificate. */
    public abstract Optional<String> certificate();

    /** A fresh server nonce for the {@code DPoP-Nonce} response header. */
    public abstract Optional<String> nextNonce();
}
