package dev.zt.internal.token;

import dev.zt.config.ConfigurationException;
import dev.zt.config.IssuerConfig;
import dev.zt.config.ZtConfig;
import dev.zt.config.ConfigKeys;
import dev.zt.internal.keys.JwksFetcher;
import dev.zt.internal.keys.JwksKeySource;
import dev.zt.internal.keys.Pem;
import dev.zt.internal.keys.Secrets;
import dev.zt.internal.keys.StaticKeySource;
import dev.zt.internal.revocation.InMemoryRevocationStore;
import dev.zt.spi.keys.KeySet;
import dev.zt.spi.keys.KeySource;
import dev.zt.spi.store.RevocationStore;
import dev.zt.spi.keys.VerificationKey;
import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import dev.zt.token.TokenVerifier;

/** Assembles zt's {@link TokenVerifier} from the configuration: issuers, their key sources, the revocation store. */
public final class TokenVerifiers {

    private TokenVerifiers() {
    }

    /** Starts a builder for a validated configuration. */
    public static Builder builder(ZtConfig config) {
        return new Builder(config);
    }

    /** Assembles a verifier: clock, revocation store and key sources, defaulting from the configuration. */
    public static final class Builder {
        private final ZtConfig config;
        private final Map<String, KeySource> keySources = new LinkedHashMap<>();
        private final Map<String, IssuerConfig> extraIssuers = new LinkedHashMap<>();
        private Clock clock = Clock.systemUTC();
        private RevocationStore revocationStore;
        private Map<String, String> environment = System.getenv();
        private ClassLoader classLoader;

        private Builder(ZtConfig config) {
            this.config = Objects.requireNonNull(config, "config");
        }

        /** The clock for every time check (default: system UTC). */
        public Builder clock(Clock c) {
            this.clock = Objects.requireNonNull(c, "clock");
            return this;
        }

        /** A revocation store (default: in-memory, bounded by {@code zt.revocation.max-entries}). */
        public Builder revocationStore(RevocationStore store) {
            this.revocationStore = Objects.requireNonNull(store, "revocationStore");
            return this;
        }

        /**
         * The key source of a configured issuer, instead of one configured by key ({@code jwks-uri},
         * {@code public-key}, {@code secret}).
         *
         * @throws IllegalStateException when given twice for the same issuer
         */
        public Builder keySource(String issuerName, KeySource source) {
            if (keySources.putIfAbsent(issuerName, Objects.requireNonNull(source, "source")) != null) {
                throw new IllegalStateException("a key source for issuer '" + issuerName + "' was already set");
            }
            return this;
        }

        /**
         * Trusts an issuer defined in code, with its key source (zt's session issuer is added this way).
         *
         * @throws IllegalStateException when an issuer of that name was already added
         */
        public Builder issuer(IssuerConfig issuer, KeySource source) {
            if (config.issuers().containsKey(issuer.name()) || extraIssuers.putIfAbsent(issuer.name(), issuer) != null) {
                throw new IllegalStateException("an issuer named '" + issuer.name() + "' already exists");
            }
            keySources.put(issuer.name(), Objects.requireNonNull(source, "source"));
            return this;
        }

        /** The environment secrets ({@code env:NAME}) are read from (default: {@code System.getenv()}). */
        public Builder environment(Map<String, String> env) {
            this.environment = Map.copyOf(env);
            return this;
        }

        /** The class loader for {@code classpath:} locations (default: the thread context class loader). */
        public Builder classLoader(ClassLoader loader) {
            this.classLoader = loader;
            return this;
        }

        /**
         * Builds the verifier. JWK Sets start loading in the background; a set that cannot be fetched yet does not
         * fail start-up (tokens of that issuer get {@code key_source_unavailable} until it loads).
         *
         * @throws ConfigurationException when an issuer has no key source, a key file cannot be read, or no issuer is
         *     configured
         */
        public DefaultTokenVerifier build() {
            DefaultTokenVerifier.providers(config); // fail before any key source starts
            if (config.issuers().isEmpty() && extraIssuers.isEmpty()) {
                throw new ConfigurationException(ConfigKeys.shortcut(ConfigKeys.ISSUER), "no trusted issuer is"
                        + " configured: set zt.issuer, zt.audience and zt.jwks-uri (or zt.issuers.<name>.*)");
            }
            for (String name : keySources.keySet()) {
                if (extraIssuers.containsKey(name)) {
                    continue;
                }
                IssuerConfig ic = config.issuers().get(name);
                if (ic == null) {
                    throw new ConfigurationException(null, "a key source was given for issuer '" + name
                            + "', which is not configured; configured: " + config.issuers().keySet());
                }
                if (ic.keySourceKind() != IssuerConfig.KeySourceKind.PROGRAMMATIC
                        && ic.keySourceKind() != IssuerConfig.KeySourceKind.DISCOVERY) {
                    throw new ConfigurationException(null, "issuer '" + name + "' has a configured key source ("
                            + ic.keySourceKind() + ") and a programmatic one; use one");
                }
            }
            ClassLoader loader = classLoader != null ? classLoader : Thread.currentThread().getContextClassLoader();
            if (loader == null) {
                loader = TokenVerifier.class.getClassLoader();
            }
            Map<String, KeySource> sources = new LinkedHashMap<>(keySources);
            ExecutorService executor = null;
            HttpClient http = null;
            for (IssuerConfig ic : config.issuers().values()) {
                if (sources.containsKey(ic.name())) {
                    continue;
                }
                switch (ic.keySourceKind()) {
                    case JWKS:
                    case DISCOVERY:
                        if (executor == null) {
                            executor = Executors.newCachedThreadPool(daemonThreads());
                            http = HttpClient.newBuilder().connectTimeout(config.jwks().connectTimeout())
                                    .followRedirects(HttpClient.Redirect.NEVER).executor(executor).build();
                        }
                        JwksFetcher fetcher = ic.keySourceKind() == IssuerConfig.KeySourceKind.JWKS
                                ? JwksFetcher.forUri(ic.jwksUri().get(), http, config.jwks().readTimeout(),
                                        config.jwks().maxBytes(), loader)
                                : JwksFetcher.discovered(ic.issuer(), http, config.jwks().readTimeout(),
                                        config.jwks().maxBytes(), config.jwks().allowHttp());
                        sources.put(ic.name(), new JwksKeySource(fetcher, config.jwks(), clock, executor));
                        break;
                    case PUBLIC_KEY:
                        sources.put(ic.name(), pemSource(ic, loader));
                        break;
                    case SECRET:
                        sources.put(ic.name(), secretSource(ic));
                        break;
                    default:
                        throw new ConfigurationException(ConfigKeys.named(ic.name(), ConfigKeys.JWKS_URI), "issuer '"
                                + ic.name() + "' has no key source: set its jwks-uri, public-key or secret");
                }
            }
            RevocationStore store = revocationStore != null ? revocationStore
                    : new InMemoryRevocationStore(clock, config.revocationMaxEntries(),
                            config.subjectRevocationRetention());
            List<IssuerConfig> issuers = new java.util.ArrayList<>(config.issuers().values());
            issuers.addAll(extraIssuers.values());
            return new DefaultTokenVerifier(config, issuers, clock, sources, store, executor);
        }

        private static java.util.concurrent.ThreadFactory daemonThreads() {
            AtomicInteger n = new AtomicInteger();
            return r -> {
                Thread t = new Thread(r, "zt-jwks-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            };
        }

        private static KeySource pemSource(IssuerConfig ic, ClassLoader loader) {
            String location = ic.publicKey().get();
            try {
                String text = dev.zt.internal.config.Locations.read(location, loader);
                java.security.PublicKey key = Pem.publicKey(text);
                // a PEM key has no kid: it gets its RFC 7638 thumbprint, so tokens naming that kid find it
                String kid = io.jsonwebtoken.security.Jwks.builder().key(key).build().thumbprint().toString();
                return StaticKeySource.of(KeySet.of(List.of(VerificationKey.of(kid, null, key))), location);
            } catch (IOException | IllegalArgumentException e) {
                throw new ConfigurationException(ConfigKeys.named(ic.name(), ConfigKeys.PUBLIC_KEY), "issuer '"
                        + ic.name() + "': cannot use public key " + location + ": " + e.getMessage());
            }
        }

        private KeySource secretSource(IssuerConfig ic) {
            String ref = ic.secretReference().get();
            try {
                return StaticKeySource.of(KeySet.of(List.of(VerificationKey.of(null, null,
                        Secrets.load(ref, environment)))), "secret " + ref);
            } catch (IllegalArgumentException e) {
                throw new ConfigurationException(ConfigKeys.named(ic.name(), ConfigKeys.SECRET), "issuer '"
                        + ic.name() + "': cannot use secret " + ref + ": " + e.getMessage());
            }
        }
    }
}
