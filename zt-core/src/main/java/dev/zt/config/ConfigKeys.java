package dev.zt.config;

import java.util.LinkedHashMap;
import java.util.List;
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

    public static final String STORE = "zt.store";

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

    /** Global keys and their defaults ({@code null}: no default, unset means "off"). */
    public static final Map<String, String> GLOBAL;

    /** Per-issuer keys (suffixes) and their defaults. */
    public static final Map<String, String> ISSUER_KEYS;

    static {
        Map<String, String> g = new LinkedHashMap<>();
        g.put(TOKEN_MAX_LENGTH, "8192");
        g.put(MAX_TOKEN_AGE, null);
        g.put(CACHE_MAX_ENTRIES, "10000");
        g.put(CRYPTO_PROVIDER, null);
        g.put(CRYPTO_PROVIDER_ALGORITHMS, "EdDSA ES256 ES384 ES512");
        g.put(JWKS_MIN_REFRESH_INTERVAL, "30s");
        g.put(JWKS_MAX_STALE, "24h");
        g.put(JWKS_DEFAULT_TTL, "5m");
        g.put(JWKS_MIN_TTL, "30s");
        g.put(JWKS_MAX_TTL, "24h");
        g.put(JWKS_CONNECT_TIMEOUT, "2s");
        g.put(JWKS_READ_TIMEOUT, "5s");
        g.put(JWKS_MAX_BYTES, "524288");
        g.put(JWKS_ALLOW_HTTP, "false");
        g.put(REVOCATION_MAX_ENTRIES, "100000");
        g.put(REVOCATION_SUBJECT_RETENTION, "24h");
        g.put(SESSION_ISSUER, "urn:zt:session");
        g.put(SESSION_SIGNING_KEY, null);
        g.put(SESSION_TTL, "15m");
        g.put(SESSION_REFRESH_BEFORE, "5m");
        g.put(SESSION_IDLE_TIMEOUT, "30m");
        g.put(SESSION_MAX_LIFETIME, "8h");
        g.put(SESSION_ROTATION_GRACE, "30s");
        g.put(SESSION_MAX_ENTRIES, "100000");
        g.put(SESSION_MAX_PER_SUBJECT, "10");
        g.put(SESSION_CREATE_PER_SUBJECT, "10");
        g.put(SESSION_CREATE_PER_CLIENT, "30");
        g.put(SESSION_ACR_ORDER, "pwd mfa");
        g.put(MODE, "enforce");
        g.put(AUTH_FAILURES_MAX, "5");
        g.put(AUTH_FAILURES_WINDOW, "15m");
        g.put(AUTH_FAILURES_MAX_PER_CLIENT, "50");
        g.put(REPLAY_MAX_ENTRIES, "100000");
        g.put(SERVICE_ID, null);
        g.put(SERVICE_SIGNING_KEY, null);
        g.put(SERVICE_TOKEN_LIFETIME, "60s");
        g.put(RISK_CHECKS, null);
        g.put(RISK_ADVISORY, null);
        g.put(RISK_TIMEOUT, "50ms");
        g.put(RISK_STEP_UP_SCORE, "50");
        g.put(RISK_DENY_SCORE, "80");
        g.put(RISK_STEP_UP_ACR, "mfa");
        g.put(RISK_MAX_TRAVEL_KMH, "1000");
        g.put(RISK_TRAVEL_ACTION, "step-up");
        g.put(RISK_RATE_MAX, "600");
        g.put(RISK_RATE_REVOKE, "3000");
        g.put(RISK_AUTHZ_MAX, "10");
        g.put(RISK_AUTHZ_WINDOW, "5m");
        g.put(RISK_HIJACK_WINDOW, "10m");
        g.put(RISK_DEVICE_CLAIM, null);
        g.put(RISK_PROFILES_MAX, "100000");
        g.put(GEO_CIDR_FILE, null);
        g.put(STORE, "memory");
        GLOBAL = java.util.Collections.unmodifiableMap(g);

        Map<String, String> i = new LinkedHashMap<>();
        i.put(ISSUER, null);
        i.put(JWKS_URI, null);
        i.put(PUBLIC_KEY, null);
        i.put(SECRET, null);
        i.put(AUDIENCE, null);
        i.put(ALGORITHMS, null);
        i.put(ROLES_CLAIM, "roles");
        i.put(SCOPE_CLAIM, "scope,scp");
        i.put(CLOCK_SKEW, "30s");
        i.put(TYP, null);
        i.put(LOGOUT_AUDIENCE, null);
        i.put(TYPE, "user");
        i.put(CLAIMS_TRUSTED, null);
        ISSUER_KEYS = java.util.Collections.unmodifiableMap(i);
    }

    private ConfigKeys() {
    }

    /** The single-issuer shortcut of an issuer key: {@code zt.<suffix>}. */
    public static String shortcut(String issuerKey) {
        return "zt." + issuerKey;
    }

    /** The named form of an issuer key: {@code zt.issuers.<name>.<suffix>}. */
    public static String named(String name, String issuerKey) {
        return ISSUERS_PREFIX + name + "." + issuerKey;
    }

    /** Every fixed key name (global keys and issuer shortcuts), for suggestions and documentation checks. */
    public static List<String> fixedKeys() {
        List<String> all = new java.util.ArrayList<>(GLOBAL.keySet());
        for (String k : ISSUER_KEYS.keySet()) {
            all.add(shortcut(k));
        }
        return List.copyOf(all);
    }

    /** The environment variable name of a key: {@code zt.jwks-uri} → {@code ZT_JWKS_URI}. */
    public static String environmentName(String key) {
        return key.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_');
    }
}
