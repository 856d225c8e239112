package dev.zt.internal.ssf;

import dev.zt.config.TransmitterConfig;
import dev.zt.config.ZtConfig;
import dev.zt.internal.keys.JwksFetcher;
import dev.zt.internal.keys.JwksKeySource;
import dev.zt.internal.monitoring.DefaultDecisionLog;
import dev.zt.session.SessionManager;
import dev.zt.spi.keys.KeySource;
import dev.zt.spi.store.ProfileStore;
import dev.zt.spi.store.ReplayCache;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Builds the Shared Signals receiver of a configuration: each transmitter's key source (its {@code jwks-uri}, else the
 * {@code jwks_uri} of its SSF configuration, fetched and cached like any JWK Set) and, for polled transmitters, the
 * poller. What it starts (threads, key sources) closes with the receiver.
 */
public final class SharedSignalsFactory {

    private SharedSignalsFactory() {
    }

    /**
     * The receiver.
     *
     * @param given key sources given in code, by transmitter name (tests, applications with their own key handling)
     */
    public static DefaultSharedSignals create(ZtConfig config, Map<String, KeySource> given, Clock clock,
            SessionManager sessions, ProfileStore profiles, ReplayCache replays, DefaultDecisionLog events,
            Map<String, String> environment, ClassLoader loader, String application) {
        for (String name : given.keySet()) {
            if (!config.ssf().transmitters().containsKey(name)) {
                throw new dev.zt.config.ConfigurationException(null, "a key source was given for transmitter '" + name
                        + "', which is not configured; configured: " + config.ssf().transmitters().keySet());
            }
        }
        Map<String, KeySource> keys = new LinkedHashMap<>(given);
        ExecutorService executor = null;
        if (!config.ssf().transmitters().isEmpty()) {
            AtomicInteger n = new AtomicInteger();
            executor = Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "zt-ssf-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        }
        HttpClient http = executor == null ? null : HttpClient.newBuilder()
                .connectTimeout(config.jwks().connectTimeout()).followRedirects(HttpClient.Redirect.NEVER)
                .executor(executor).build();
        for (TransmitterConfig t : config.ssf().transmitters().values()) {
            if (keys.containsKey(t.name())) {
                continue;
            }
            JwksFetcher fetcher = t.jwksUri().isPresent()
                    ? JwksFetcher.forUri(t.jwksUri().get(), http, config.jwks().readTimeout(), config.jwks().maxBytes(),
                            loader)
                    : JwksFetcher.discovered(configurationUri(t.issuer()), t.issuer(), http,
                            config.jwks().readTimeout(), config.jwks().maxBytes(), config.jwks().allowHttp());
            keys.put(t.name(), new JwksKeySource(fetcher, config.jwks(), clock, executor));
        }
        DefaultSharedSignals receiver = new DefaultSharedSignals(config, keys, clock, sessions, profiles, replays,
                events, environment);
        for (TransmitterConfig t : config.ssf().transmitters().values()) {
            KeySource k = keys.get(t.name());
            if (!given.containsKey(t.name())) {
                receiver.closeWith(k::close);
            }
            if (t.delivery() == TransmitterConfig.Delivery.POLL || t.clientId().isPresent()) {
                StreamClient client = new StreamClient(t, config, environment, clock);
                Poller poller = new Poller(receiver, receiver.transmitter(t.name()), client, replays, clock, executor);
                receiver.closeWith(poller);
                poller.start();
            }
        }
        if (executor != null) {
            ExecutorService pool = executor;
            receiver.closeWith(pool::shutdownNow);
        }
        receiver.registerMeters(application, events);
        return receiver;
    }

    /**
     * The SSF configuration of an issuer (SSF 1.0 section 7.2): {@code /.well-known/ssf-configuration} inserted
     * between the host and the path, so {@code https://idp/realms/acme} has
     * {@code https://idp/.well-known/ssf-configuration/realms/acme}.
     */
    static URI configurationUri(String issuer) {
        URI iss = URI.create(issuer);
        String path = iss.getRawPath() == null ? "" : iss.getRawPath();
        if (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return URI.create(iss.getScheme() + "://" + iss.getRawAuthority() + "/.well-known/ssf-configuration" + path);
    }
}
