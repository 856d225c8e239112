package dev.zt.filter.internal.oidc;

/**
 * What zt keeps of a browser login's provider answer, sealed in the session store: the refresh token (to re-check the
 * provider session, never sent to the browser), the ID token (the {@code id_token_hint} of RP-initiated logout), and
 * when the provider last confirmed the session (epoch seconds), and whether a check since then was deferred because
 * the provider could not be reached.
 */
final class ProviderGrant {

    /** Null when the provider issued none. */
    final String refreshToken;
    /** Null when none is known. */
    final String idToken;
    final long confirmedAt;
    final boolean deferred;

    ProviderGrant(String refreshToken, String idToken, long confirmedAt, boolean deferred) {
        this.refreshToken = refreshToken;
        this.idToken = idToken;
        this.confirmedAt = confirmedAt;
        this.deferred = deferred;
    }

    /** This grant with a check deferred. */
    ProviderGrant deferring() {
        return new ProviderGrant(refreshToken, idToken, confirmedAt, true);
    }
}
