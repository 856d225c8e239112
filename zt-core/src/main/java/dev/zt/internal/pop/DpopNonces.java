package dev.zt.internal.pop;

import dev.zt.internal.token.Base64Url;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Server nonces for DPoP proofs (RFC 9449 section 8) that every node accepts without a shared store: a nonce names its
 * time step ({@code zt.dpop.nonce-lifetime}) and carries an HMAC of it under a key all nodes derive alike from the
 * session signing key. The current step's nonce is handed out; it and the previous step's are accepted, so nonces
 * rotate every lifetime and a nonce is valid for one to two lifetimes. A nonce is not secret and not single-use: it
 * limits how far ahead a stolen signing key can pre-compute proofs, the replay of each proof is refused by its
 * {@code jti}.
 */
public final class DpopNonces {

    private static final int MAC_BYTES = 16;

    private final SecretKeySpec key;
    private final Clock clock;
    private final long stepMillis;

    /** Nonces under a key of at least 32 bytes, rotating every {@code lifetime}. */
    public DpopNonces(byte[] key, Clock clock, Duration lifetime) {
        if (key.length < 32) {
            throw new IllegalArgumentException("the nonce key must have at least 256 bits");
        }
        this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
        this.clock = clock;
        this.stepMillis = lifetime.toMillis();
    }

    /** The nonce to hand out now. */
    public String current() {
        return of(step());
    }

    /** True when {@code nonce} was issued by a node of this cluster in the current or the previous step. */
    public boolean valid(String nonce) {
        long step = stepOf(nonce);
        long now = step();
        return (step == now || step == now - 1) && MessageDigest.isEqual(of(step).getBytes(StandardCharsets.US_ASCII),
                nonce.getBytes(StandardCharsets.US_ASCII));
    }

    /** True when a valid nonce is not the current one: the client should switch to {@link #current()}. */
    public boolean stale(String nonce) {
        return stepOf(nonce) != step();
    }

    private long step() {
        return Math.floorDiv(clock.millis(), stepMillis);
    }

    private String of(long step) {
        byte[] s = ByteBuffer.allocate(Long.BYTES).putLong(step).array();
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update("zt-dpop-nonce-v1".getBytes(StandardCharsets.US_ASCII));
            return Base64Url.encode(s) + "." + Base64Url.encode(Arrays.copyOf(mac.doFinal(s), MAC_BYTES));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** The step a nonce names, or {@code Long.MIN_VALUE} when it is not one of ours. */
    private static long stepOf(String nonce) {
        int dot = nonce == null || nonce.length() > 64 ? -1 : nonce.indexOf('.');
        if (dot != 11) {
            return Long.MIN_VALUE;
        }
        try {
            return ByteBuffer.wrap(Base64Url.decode(nonce, 0, dot)).getLong();
        } catch (IllegalArgumentException | java.nio.BufferUnderflowException e) {
            return Long.MIN_VALUE;
        }
    }
}
