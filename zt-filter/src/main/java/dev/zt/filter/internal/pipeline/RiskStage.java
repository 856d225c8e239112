package dev.zt.filter.internal.pipeline;

import dev.zt.internal.ssf.AssuranceCaps;
import dev.zt.policy.Verdict;
import dev.zt.spi.risk.GeoLocation;
import dev.zt.spi.risk.RiskContext;
import dev.zt.token.VerifiedToken;

import java.util.Locale;
import java.util.Optional;

/**
 * Asks the Policy Engine: the risk context (location, device, behaviour windows, profile) and the trust policy's
 * decision. It refuses nothing itself; the decision is one of the policies the authorization stage composes.
 */
final class RiskStage extends WiredStage {

    RiskStage(Wiring wiring) {
        super(wiring);
    }

    @Override
    public Optional<Verdict> apply(Exchange x) {
        RiskContext context = w.engine.risk().context(x.token, x.session, x.client, headerLocation(x))
                .userAgent(x.request.getHeader("User-Agent")).method(x.method).path(x.path).deviceId(x.deviceId)
                .deviceMismatch(x.deviceStepUp != null).clientCertificate(x.confirmation.certificate().orElse(null))
                .proofKey(x.confirmation.proofKey().orElse(null)).build();
        VerifiedToken capped = AssuranceCaps.apply(x.token, context.profile());
        if (capped != x.token) { // a transmitter reported the subject's assurance lowered since it authenticated
            x.token = capped;
            context = context.toBuilder().token(capped).build();
        }
        x.country = context.country().orElse(null);
        x.risk = w.engine.risk().evaluate(context);
        return Optional.empty();
    }

    /** The country a trusted proxy reported ({@code zt.geo.header}); believed only from {@code zt.trusted-proxies}. */
    private GeoLocation headerLocation(Exchange x) {
        String geoHeader = w.settings.geoHeader;
        if (geoHeader == null || !w.settings.clientAddresses.isTrusted(x.request.getRemoteAddr())) {
            return null;
        }
        String country = x.request.getHeader(geoHeader);
        if (country == null || country.trim().length() != 2 || !isAsciiLetters(country.trim())) {
            return null;
        }
        return GeoLocation.of(country.trim().toUpperCase(Locale.ROOT));
    }

    private static boolean isAsciiLetters(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z')) {
                return false;
            }
        }
        return true;
    }
}
