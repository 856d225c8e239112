package dev.zt.filter.internal.endpoint;

import dev.zt.filter.internal.pipeline.Endpoint;
import dev.zt.filter.internal.pipeline.Exchange;
import dev.zt.filter.internal.pipeline.Wiring;
import dev.zt.internal.json.JsonWriter;
import dev.zt.internal.net.Cidr;
import dev.zt.internal.net.IpAddresses;
import dev.zt.monitoring.Health;
import dev.zt.policy.Verdict;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET {prefix}/health} ({@code zt.health.enabled}): zt's read-only health view as JSON, for orchestrators'
 * probes and operators: {@code 200} when zt is up or degraded, {@code 503} when it is down, with each component's
 * status and detail. Without a token, but only to clients in {@code zt.health.networks} (the client address as
 * resolved through {@code zt.trusted-proxies}, so a request relayed by a proxy counts as its client's); everyone
 * else gets {@code 404}. Never cached; nothing in it is secret (counts, ages, the kinds of errors).
 */
public final class HealthEndpoint extends Endpoint {

    /** Creates the endpoint. */
    public HealthEndpoint(Wiring wiring) {
        super(wiring);
    }

    @Override
    public String method() {
        return "GET";
    }

    @Override
    public Verdict handle(Exchange x) throws IOException {
        HttpServletResponse res = x.response();
        res.setHeader("Cache-Control", "no-store");
        if (!allowed(x.client())) {
            res.setStatus(404);
            res.setContentLength(0);
            return Verdict.handled();
        }
        Health h = w.engine.health();
        byte[] body = json(h).getBytes(StandardCharsets.UTF_8);
        Bodies.send(res, h.status() == Health.Status.DOWN ? 503 : 200, "application/json", body);
        return Verdict.handled();
    }

    /** The health view as JSON: the status, when it was checked, and each component's status and detail. */
    static String json(Health h) {
        JsonWriter components = JsonWriter.object(300);
        for (Health.Component c : h.components()) {
            JsonWriter component = JsonWriter.object(300).field("status", c.status().name())
                    .field("detail", c.detail());
            if (!c.values().isEmpty()) {
                component.numbers("values", new java.util.TreeMap<>(c.values()));
            }
            components.raw(c.name(), component.end());
        }
        return JsonWriter.object(300).field("status", h.status().name())
                .field("checked_at", h.checkedAt().toString()).raw("components", components.end()).end();
    }

    private boolean allowed(String client) {
        byte[] addr = IpAddresses.parse(client);
        if (addr == null) {
            return false;
        }
        for (Cidr c : w.settings.healthNetworks) {
            if (c.contains(addr)) {
                return true;
            }
        }
        return false;
    }
}
