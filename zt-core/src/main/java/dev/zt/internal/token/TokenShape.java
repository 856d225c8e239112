package dev.zt.internal.token;

import static dev.zt.internal.token.Rejections.reject;

import dev.zt.config.IssuerConfig;
import dev.zt.token.RejectionReason;
import dev.zt.token.VerifiedToken;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What makes a token an access token or a logout token ({@code typ}, the logout event and its required claims), and
 * the {@link VerifiedToken} an issuer's verified claims become (claims the issuer may not assert are dropped).
 */
final class TokenShape {

    /** The {@code events} member that makes a JWT a back-channel logout token (OIDC Back-Channel Logout 1.0, 2.4). */
    static final String LOGOUT_EVENT = "http://schemas.openid.net/event/backchannel-logout";

    /** The explicit type of logout tokens (OIDC Back-Channel Logout 1.0, section 2.4). */
    static final String LOGOUT_TYP = "logout+jwt";

    /** What a token is verified as: none passes for another. */
    enum Purpose { ACCESS, LOGOUT, ID }

    private TokenShape() {
    }

    /** The header's {@code typ} for the purpose: logout tokens are {@code logout+jwt}, access tokens never are. */
    static void checkType(IssuerConfig ic, String typ, Purpose purpose) {
        if (purpose == Purpose.ID) {
            if (ic.clientId().isEmpty()) {
                throw reject(RejectionReason.ISSUER_UNTRUSTED, "issuer " + ic.name() + " is no login provider (no"
                        + " client-id configured)");
            }
            if (typ != null && (typMatches(LOGOUT_TYP, typ) || typMatches("at+jwt", typ)
                    || typMatches(SecurityEventTokens.SET_TYP, typ))) {
                throw reject(RejectionReason.HEADER_INVALID, "a token typed " + typ + " is not an ID token");
            }
        } else if (purpose == Purpose.LOGOUT) {
            if (ic.logoutAudiences().isEmpty()) {
                throw reject(RejectionReason.ISSUER_UNTRUSTED, "issuer " + ic.name() + " may not send logout tokens"
                        + " (no logout-audience configured)");
            }
            if (typ != null && !typMatches(LOGOUT_TYP, typ)) {
                throw reject(RejectionReason.HEADER_INVALID, "a logout token's typ must be " + LOGOUT_TYP);
            }
        } else {
            if (typ != null && typMatches(LOGOUT_TYP, typ)) {
                throw reject(RejectionReason.HEADER_INVALID, "a logout token is not an access token");
            }
            if (typ != null && typMatches(SecurityEventTokens.SET_TYP, typ)) {
                throw reject(RejectionReason.HEADER_INVALID, "a Security Event Token is not an access token");
            }
            if (ic.typ().isPresent() && !typMatches(ic.typ().get(), typ)) {
                throw reject(RejectionReason.HEADER_INVALID, "typ must be " + ic.typ().get());
            }
        }
    }

    /**
     * A logout token has {@code iat}, {@code jti}, {@code sub} or {@code sid}, the logout event and no {@code nonce}
     * (OIDC Back-Channel Logout 1.0, section 2.6); an access token never carries the logout event.
     */
    static void checkLogoutShape(Map<String, Object> claims, long iat, Purpose purpose) {
        Object events = claims.get("events");
        boolean logoutEvent = events instanceof Map && ((Map<?, ?>) events).containsKey(LOGOUT_EVENT);
        if (purpose != Purpose.LOGOUT) {
            if (logoutEvent) {
                throw reject(RejectionReason.CLAIM_INVALID, "a logout token is not an access or ID token");
            }
            if (events != null) {
                // RFC 8417 section 4.1: a Security Event Token (its events claim) never passes for another JWT
                throw reject(RejectionReason.CLAIM_INVALID, "a token with an events claim (a Security Event Token) is"
                        + " not an access or ID token");
            }
            return;
        }
        if (!logoutEvent || !(((Map<?, ?>) events).get(LOGOUT_EVENT) instanceof Map)) {
            throw reject(RejectionReason.CLAIM_INVALID, "events must hold the back-channel logout event");
        }
        if (claims.containsKey("nonce")) {
            throw reject(RejectionReason.CLAIM_INVALID, "a logout token must not carry a nonce");
        }
        if (iat == Long.MIN_VALUE) {
            throw reject(RejectionReason.CLAIM_INVALID, "a logout token needs iat");
        }
        if (Claims.string(claims, "jti") == null) {
            throw reject(RejectionReason.CLAIM_INVALID, "a logout token needs jti");
        }
        if (Claims.string(claims, "sub") == null && Claims.string(claims, "sid") == null) {
            throw reject(RejectionReason.CLAIM_INVALID, "a logout token needs sub or sid");
        }
    }

    /**
     * What an ID token needs beyond signature, issuer, times and audience (OpenID Connect Core 1.0, section 3.1.3.7):
     * {@code iat}, {@code sub}, {@code azp} equal to the client id when present and when {@code aud} names several
     * parties, and the login's {@code nonce} (compared in constant time).
     */
    static void checkIdToken(IssuerConfig ic, VerifiedToken token, String nonce) {
        String clientId = ic.clientId().orElseThrow();
        if (token.issuedAt().isEmpty()) {
            throw reject(RejectionReason.CLAIM_INVALID, "an ID token needs iat");
        }
        if (token.subject().isEmpty()) {
            throw reject(RejectionReason.CLAIM_INVALID, "an ID token needs sub");
        }
        Object azp = token.claims().get("azp");
        if (azp != null && !clientId.equals(azp) || azp == null && token.audiences().size() > 1) {
            throw reject(RejectionReason.AUDIENCE_MISMATCH, azp == null ? "an ID token for several audiences needs"
                    + " azp" : "the ID token's azp is not this client");
        }
        Object actual = token.claims().get("nonce");
        if (nonce == null || !(actual instanceof String) || !java.security.MessageDigest.isEqual(
                nonce.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                ((String) actual).getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
            throw reject(RejectionReason.CLAIM_INVALID, actual == null ? "the ID token has no nonce"
                    : "the ID token's nonce is not the login's");
        }
    }

    /** {@code typ} compares case-insensitively and may omit {@code application/} (RFC 7515 section 4.1.9). */
    static boolean typMatches(String expected, String actual) {
        if (actual == null) {
            return false;
        }
        String a = actual.toLowerCase(Locale.ROOT);
        String e = expected.toLowerCase(Locale.ROOT);
        if (a.startsWith("application/")) {
            a = a.substring("application/".length());
        }
        if (e.startsWith("application/")) {
            e = e.substring("application/".length());
        }
        return a.equals(e);
    }

    /** The verified token; {@code acr}, {@code amr}, {@code auth_time}, roles and scopes only where trusted. */
    static VerifiedToken verified(IssuerRuntime issuer, String alg, String kid, Set<String> audiences,
            Map<String, Object> claims, long exp, long nbf, long iat) {
        IssuerConfig ic = issuer.config;
        long authTime = Claims.numericDate(claims, "auth_time", false);
        boolean acrTrusted = ic.trusts(IssuerConfig.TrustedClaim.ACR);
        String acr = Claims.string(claims, "acr");
        List<String> amr = Claims.stringList(claims, "amr");
        Set<String> roles = Claims.roles(claims, issuer.rolesPath, ic.rolesClaim());
        Set<String> scopes = Claims.scopes(claims, ic);
        return VerifiedToken.builder()
                .issuerName(ic.name())
                .service(ic.type() == IssuerConfig.Type.SERVICE)
                .algorithm(alg)
                .keyId(kid)
                .issuer(ic.issuer())
                .subject(Claims.string(claims, "sub"))
                .audiences(audiences)
                .expiresAt(Instant.ofEpochMilli(exp))
                .issuedAt(instant(iat))
                .notBefore(instant(nbf))
                .authTime(acrTrusted ? instant(authTime) : null) // what the issuer may not assert is dropped
                .acr(acrTrusted ? acr : null)
                .amr(acrTrusted ? amr : List.of())
                .sessionId(Claims.string(claims, "sid"))
                .tokenId(Claims.string(claims, "jti"))
                .confirmation(Claims.object(claims, "cnf"))
                .roles(ic.trusts(IssuerConfig.TrustedClaim.ROLES) ? roles : Set.of())
                .scopes(ic.trusts(IssuerConfig.TrustedClaim.SCOPES) ? scopes : Set.of())
                .claims(claims)
                .build();
    }

    private static Instant instant(long millis) {
        return millis == Long.MIN_VALUE ? null : Instant.ofEpochMilli(millis);
    }
}
