package dev.zt.internal.token;

import dev.zt.token.RejectionReason;
import dev.zt.token.TokenRejectedException;

/** Shorthand for creating rejections. */
final class Rejections {
    private Rejections() {
    }

    static TokenRejectedException reject(RejectionReason reason, String message) {
        return new TokenRejectedException(reason, message);
    }
}
