package dev.zt.filter.internal.pipeline;

import dev.zt.filter.internal.rules.Requirement;
import dev.zt.policy.AccessPolicies;
import dev.zt.policy.AccessRequest;
import dev.zt.policy.Verdict;

import java.util.Optional;

/**
 * The path rule and the risk decision, composed as zt-cdi composes annotations: grants (roles, scopes, {@code deny}),
 * then the risk decision, then {@code max-risk}, then authentication strength and the device binding: every refusal
 * that stepping up cannot cure comes before a step-up, so a client sent to authenticate again is never refused anyway
 * afterwards.
 */
final class AuthorizeStage extends WiredStage {

    AuthorizeStage(Wiring wiring) {
        super(wiring);
    }

    @Override
    public Optional<Verdict> apply(Exchange x) {
        Requirement r = w.settings.rules.requirementFor(x.method, x.path);
        AccessRequest request = AccessRequest.builder().token(x.token).risk(x.risk).time(w.engine.clock().instant())
                .method(x.method).path(x.path).clientAddress(x.client()).country(x.country).deviceId(x.deviceId)
                .sessionCreatedAt(x.session == null ? null : x.session.createdAt())
                .requestId(r.needsPdp() ? requestId(x) : null).build();
        Verdict v = AccessPolicies.decide(r.policy(w.engine.policyDecisionPoint().orElse(null)), request);
        if (x.deviceStepUp != null && (v.granted() || v.isStepUp())) {
            v = v.isStepUp() ? v : x.deviceStepUp; // the device binding is one more step-up, answered last too
        }
        return v.granted() ? Optional.empty() : Optional.of(v);
    }

    /** The request's {@code X-Request-ID} when it is one short printable token (echoed to a PDP), else null. */
    static String requestId(Exchange x) {
        String id = x.request.getHeader("X-Request-ID");
        if (id == null || id.isEmpty() || id.length() > 128) {
            return null;
        }
        for (int i = 0; i < id.length(); i++) {
            if (id.charAt(i) < 0x21 || id.charAt(i) > 0x7e) {
                return null;
            }
        }
        return id;
    }
}
