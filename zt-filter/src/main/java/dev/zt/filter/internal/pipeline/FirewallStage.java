package dev.zt.filter.internal.pipeline;

import dev.zt.filter.internal.request.ClientAddresses;
import dev.zt.filter.internal.request.Cookies;
import dev.zt.filter.internal.request.RequestFirewall;
import dev.zt.filter.internal.request.RequestRejectedException;
import dev.zt.policy.Verdict;
import dev.zt.token.RejectionReason;

import java.util.Optional;

/**
 * The request model, computed once: the firewall's decoded path (as the container dispatches it), the client address
 * (through trusted proxies, from the one configured forwarding header) and the cookies as sent. An odd request is
 * {@code 400 request_rejected} before anything else reads it.
 */
final class FirewallStage implements Stage {

    private final RequestFirewall firewall = new RequestFirewall();
    private final ClientAddresses clients;

    FirewallStage(ClientAddresses clients) {
        this.clients = clients;
    }

    @Override
    public Optional<Verdict> apply(Exchange x) {
        try {
            x.path = firewall.check(x.request);
            x.client = clients.resolve(x.request);
        } catch (RequestRejectedException e) {
            return Optional.of(Verdict.refuse(RejectionReason.REQUEST_REJECTED, e.getMessage()));
        }
        x.cookies = Cookies.of(x.request);
        return Optional.empty();
    }
}
