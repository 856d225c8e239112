package dev.zt.testing;

import dev.zt.spi.store.RevocationStore;
import dev.zt.token.VerifiedToken;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

/** A revocation store that fails (as a store that cannot answer does) while {@code down} is set: an outage in a test. */
public final class FlakyRevocationStore implements RevocationStore {
    private final RevocationStore inner;
    private final AtomicBoolean down;

    /** Wraps {@code inner}; every call throws while {@code down} is set. */
    public FlakyRevocationStore(RevocationStore inner, AtomicBoolean down) {
        this.inner = inner;
        this.down = down;
    }

    private void check() {
        if (down.get()) {
            throw new IllegalStateException("store down");
        }
    }

    @Override
    public boolean isRevoked(VerifiedToken token) {
        check();
        return inner.isRevoked(token);
    }

    @Override
    public void revokeToken(String issuer, String tokenId, Instant expiresAt) {
        check();
        inner.revokeToken(issuer, tokenId, expiresAt);
    }

    @Override
    public void revokeSession(String issuer, String sessionId, Instant retainUntil) {
        check();
        inner.revokeSession(issuer, sessionId, retainUntil);
    }

    @Override
    public void revokeSubject(String issuer, String subject, Instant notBefore) {
        check();
        inner.revokeSubject(issuer, subject, notBefore);
    }
}
