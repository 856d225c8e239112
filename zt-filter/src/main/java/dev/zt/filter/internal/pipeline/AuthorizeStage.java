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
                .method(x.method).path(x.path).build();
        Verdict v = AccessPolicies.decide(r.policy(), request);
        if (x.deviceStepUp != null && (v.granted() || v.isStepUp())) {
            v = v.isStepUp() ? v : x.deviceStepUp; // the device binding is one more step-up, answered last too
        }
        return v.granted() ? Optional.empty() : Optional.of(v);
    }
}
