package dev.zt.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every {@code zt.*} key zt-core reads, with its default. {@code docs/configuration.md} must list each one (a test
 * checks). Issuer keys exist in two spellings: the single-issuer shortcut ({@code zt.jwks-uri}) and per named issuer
 * ({@code zt.issuers.<name>.jwks-uri}).
 */
public final class ConfigKeys {

    public static final String TOKEN_MAX_LENGTH = "zt.token.max-length";
    public static final String MAX_TOKEN_AGE = "zt.max-token-age";
    public static final String CACHE_MAX_ENTRIES = "zt.cache.max-entries";
    public static final String CRYPTO_PROVIDER = "zt.crypto.provider";
    public static final String CRYPTO_PROVIDER_ALGORITHMS = "zt.crypto.provider-algorithms";
    public static final String JWKS_MIN_REFRESH_INTERVAL = "zt.jwks.min-refresh-interval";
    public static final String JWKS_MAX_STALE = "zt.jwks.max-stale";
    public static final String JWKS_DEFAULT_TTL = "zt.jwks.default-ttl";
    public static final String JWKS_MIN_TTL = "zt.jwks.min-ttl";
    public static final String JWKS_MAX_TTL = "zt.jwks.max-ttl";
    public static final String JWKS_CONNECT_TIMEOUT = "zt.jwks.connect-timeout";
    public static final String JWKS_READ_TIMEOUT = "zt.jwks.read-timeout";
    public static final String JWKS_MAX_BYTES = "zt.jwks.max-bytes";
    public static final String JWKS_ALLOW_HTTP = "zt.jwks.allow-http";
    public static final String REVOCATION_MAX_ENTRIES = "zt.revocation.max-entries";
    public static final String REVOCATION_SUBJECT_RETENTION = "zt.revocation.subject-retention";

    public static final String SESSION_ISSUER = "zt.session.issuer";
    public static final String SESSION_SIGNING_KEY = "zt.session.signing-key";
    public static final String SESSION_TTL = "zt.session.ttl";
    public static final String SESSION_REFRESH_BEFORE = "zt.session.refresh-before";
    public static final String SESSION_IDLE_TIMEOUT = "zt.session.idle-timeout";
    public static final String SESSION_MAX_LIFETIME = "zt.session.max-lifetime";
    public static final String SESSION_ROTATION_GRACE = "zt.session.rotation-grace";
    public static final String SESSION_MAX_ENTRIES = "zt.session.max-entries";
    public static final String SESSION_MAX_PER_SUBJECT = "zt.session.max-per-subject";
    public static final String SESSION_CREATE_PER_SUBJECT = "zt.session.create-rate.per-subject";
    public static final String SESSION_CREATE_PER_CLIENT = "zt.session.create-rate.per-client";
    public static final String SESSION_ACR_ORDER = "zt.session.acr-order";
    public static final String MODE = "zt.mode";
    public static final String AUDIT_FORMAT = "zt.audit.format";
    public static final String TELEMETRY_MICROMETER = "zt.telemetry.micrometer";
    public static final String TELEMETRY_OPENTELEMETRY = "zt.telemetry.opentelemetry";
    public static final String AUTH_FAILURES_MAX = "zt.auth-failures.max";
    public static final String AUTH_FAILURES_WINDOW = "zt.auth-failures.window";
    public static final String AUTH_FAILURES_MAX_PER_CLIENT = "zt.auth-failures.max-per-client";
    public static final String REPLAY_MAX_ENTRIES = "zt.replay.max-entries";

    public static final String SERVICE_ID = "zt.service.id";
    public static final String SERVICE_SIGNING_KEY = "zt.service.signing-key";
    public static final String SERVICE_TOKEN_LIFETIME = "zt.service.token-lifetime";

    public static final String RISK_CHECKS = "zt.risk.checks";
    public static final String RISK_ADVISORY = "zt.risk.advisory";
    public static final String RISK_TIMEOUT = "zt.risk.timeout";
    public static final String RISK_STEP_UP_SCORE = "zt.risk.step-up-score";
    public static final String RISK_DENY_SCORE = "zt.risk.deny-score";
    public static final String RISK_STEP_UP_ACR = "zt.risk.step-up-acr";
    public static final String RISK_MAX_TRAVEL_KMH = "zt.risk.max-travel-kmh";
    public static final String RISK_TRAVEL_ACTION = "zt.risk.impossible-travel-action";
    public static final String RISK_RATE_MAX = "zt.risk.rate.max-per-minute";
    public static final String RISK_RATE_REVOKE = "zt.risk.rate.revoke-per-minute";
    public static final String RISK_AUTHZ_MAX = "zt.risk.authz-failures.max";
    public static final String RISK_AUTHZ_WINDOW = "zt.risk.authz-failures.window";
    public static final String RISK_HIJACK_WINDOW = "zt.risk.hijack.window";
    public static final String RISK_DEVICE_CLAIM = "zt.risk.device-claim";
    public static final String RISK_PROFILES_MAX = "zt.risk.profiles.max-entries";
    public static final String GEO_CIDR_FILE = "zt.geo.cidr-file";
    public static final String GEO_MMDB = "zt.geo.mmdb";
    public static final String GEO_ASN_MMDB = "zt.geo.asn-mmdb";
    public static final String GEO_CACHE_MAX = "zt.geo.cache.max-entries";
    public static final String RISK_NETWORK_DENY = "zt.risk.network.deny";
    public static final String RISK_NETWORK_STEP_UP = "zt.risk.network.step-up";

    public static final String STORE = "zt.store";

    public static final String DPOP_MAX_AGE = "zt.dpop.max-age";
    public static final String DPOP_ALGORITHMS = "zt.dpop.algorithms";
    public static final String DPOP_NONCE = "zt.dpop.nonce";
    public static final String DPOP_NONCE_LIFETIME = "zt.dpop.nonce-lifetime";
    public static final String SERVICE_DPOP_KEY = "zt.service.dpop-key";

    public static final String AUTHZEN_PDP = "zt.authzen.pdp";
    public static final String AUTHZEN_TIMEOUT = "zt.authzen.timeout";
    public static final String AUTHZEN_MODE = "zt.authzen.mode";
    public static final String AUTHZEN_CACHE_TTL = "zt.authzen.cache.ttl";
    public static final String AUTHZEN_CACHE_MAX = "zt.authzen.cache.max-entries";
    public static final String AUTHZEN_MAX_CONCURRENT = "zt.authzen.max-concurrent";
    public static final String AUTHZEN_SECRET = "zt.authzen.secret";
    public static final String AUTHZEN_TOKEN_ENDPOINT = "zt.authzen.token-endpoint";
    public static final String AUTHZEN_CLIENT_ID = "zt.authzen.client-id";
    public static final String AUTHZEN_TLS_CERTIFICATE = "zt.authzen.tls.certificate";
    public static final String AUTHZEN_TLS_KEY = "zt.authzen.tls.key";
    public static final String AUTHZEN_TLS_CA = "zt.authzen.tls.ca-file";

    public static final String SSF_MAX_SET_AGE = "zt.ssf.max-set-age";
    public static final String SSF_PUSH_MAX_BYTES = "zt.ssf.push.max-bytes";
    public static final String SSF_PUSH_RATE = "zt.ssf.push.rate-per-minute";
    public static final String SSF_RISK_SCORES = "zt.ssf.risk-scores";
    public static final String GTR_ISSUER = "zt.gtr.issuer";
    public static final String GTR_SCOPE = "zt.gtr.scope";
    public static final String GTR_SUBJECTS_ISSUER = "zt.gtr.subjects-issuer";

    /** Prefix of Shared Signals transmitters: {@code zt.ssf.transmitters.<name>.<transmitter key>}. */
    public static final String TRANSMITTERS_PREFIX = "zt.ssf.transmitters.";

    public static final String DELIVERY = "delivery";
    public static final String PUSH_AUTHORIZATION = "push-authorization";
    public static final String TOKEN_ENDPOINT = "token-endpoint";
    public static final String SUBJECTS_ISSUER = "subjects-issuer";
    public static final String POLL_INTERVAL = "poll-interval";
    public static final String PUSH_ENDPOINT = "push-endpoint";
    public static final String SCOPES = "scopes";

    /** Prefix of named issuers: {@code zt.issuers.<name>.<issuer key>}. */
    public static final String ISSUERS_PREFIX = "zt.issuers.";

    public static final String ISSUER = "issuer";
    public static final String JWKS_URI = "jwks-uri";
    public static final String PUBLIC_KEY = "public-key";
    public static final String SECRET = "secret";
    public static final String AUDIENCE = "audience";
    public static final String ALGORITHMS = "algorithms";
    public static final String ROLES_CLAIM = "roles-claim";
    public static final String SCOPE_CLAIM = "scope-claim";
    public static final String CLOCK_SKEW = "clock-skew";
    public static final String TYP = "typ";
    public static final String LOGOUT_AUDIENCE = "logout-audience";
    public static final String TYPE = "type";
    public static final String CLAIMS_TRUSTED = "claims-trusted";
    public static final String CLIENT_ID = "client-id";
    public static final String CLIENT_SECRET = "client-secret";
    public static final String CLIENT_KEY = "client-key";
    public static final String DPOP = "dpop";

    /** Global keys and their defaults ({@code null}: no default, unset means "off"), from {@code defaults.properties}. */
    public static final Map<String, String> GLOBAL;

    /** Per-issuer keys (suffixes) and their defaults. */
    public static final Map<String, String> ISSUER_KEYS;

    /** Per-transmitter keys (suffixes) and their defaults. */
    public static final Map<String, String> TRANSMITTER_KEYS;

    static {
        GLOBAL = defaults("defaults.properties");
        ISSUER_KEYS = defaults("issuer-defaults.properties");
        TRANSMITTER_KEYS = defaults("transmitter-defaults.properties");
    }

    private ConfigKeys() {
    }

    /** Reads a defaults resource of this package: {@code key = default} lines, in order; an empty default is none. */
    private static Map<String, String> defaults(String resource) {
        Map<String, String> m = new LinkedHashMap<>();
        try (InputStream in = ConfigKeys.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("zt-core is missing its resource " + resource);
            }
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String t = line.strip();
                int eq = t.indexOf('=');
                if (t.isEmpty() || t.startsWith("#") || eq < 0) {
                    continue;
                }
                String value = t.substring(eq + 1).strip();
                m.put(t.substring(0, eq).strip(), value.isEmpty() ? null : value);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read zt-core's resource " + resource, e);
        }
        return Collections.unmodifiableMap(m);
    }

    /** The single-issuer shortcut of an issuer key: {@code zt.<suffix>}. */
    public static String shortcut(String issuerKey) {
        return "zt." + issuerKey;
    }

    /** The named form of an issuer key: {@code zt.issuers.<name>.<suffix>}. */
    public static String named(String name, String issuerKey) {
        return ISSUERS_PREFIX + name + "." + issuerKey;
    }

    /** The key of a transmitter: {@code zt.ssf.transmitters.<name>.<suffix>}. */
    public static String transmitter(String name, String transmitterKey) {
        return TRANSMITTERS_PREFIX + name + "." + transmitterKey;
    }

    /** Every fixed key name (global keys and issuer shortcuts), for suggestions and documentation checks. */
    public static List<String> fixedKeys() {
        List<String> all = new ArrayList<>(GLOBAL.keySet());
        for (String k : ISSUER_KEYS.keySet()) {
            all.add(shortcut(k));
        }
        return List.copyOf(all);
    }

    /** The environment variable name of a key: {@code zt.jwks-uri} → {@code ZT_JWKS_URI}. */
    public static String environmentName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }
}
