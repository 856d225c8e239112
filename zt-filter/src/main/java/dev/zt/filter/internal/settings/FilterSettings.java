package dev.zt.filter.internal.settings;

import dev.zt.config.ConfigKeys;
import dev.zt.config.ConfigurationException;
import dev.zt.config.ZtConfig;
import dev.zt.filter.internal.request.ClientAddresses;
import dev.zt.filter.internal.rules.PathPattern;
import dev.zt.filter.internal.rules.PathRules;
import dev.zt.config.Durations;
import dev.zt.internal.net.Cidr;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The filter's own settings, read from the shared {@link ZtConfig} and validated once. */
public final class FilterSettings {

    public static final String REALM = "zt.realm";
    public static final String TRUSTED_PROXIES = "zt.trusted-proxies";
    public static final String PUBLIC_PATHS = "zt.public-paths";
    public static final String COOKIE_NAME = "zt.cookie.name";
    public static final String RULES = "zt.rules";
    public static final String RULES_DEFAULT = "zt.rules.default";
    public static final String LOGIN_URL = "zt.login-url";
    public static final String ENDPOINTS_PREFIX = "zt.endpoints.prefix";
    public static final String REFRESH_HEADER = "zt.session.refresh-header";
    public static final String CSRF_COOKIE = "zt.csrf.cookie-name";
    public static final String CSRF_HEADER = "zt.csrf.header-name";
    public static final String CSRF_PARAMETER = "zt.csrf.parameter-name";
    public static final String RETRY_AFTER = "zt.retry-after";
    public static final String STEP_UP_URL = "zt.step-up-url";
    public static final String GEO_HEADER = "zt.geo.header";
    public static final String DEVICE_COOKIE = "zt.device.cookie-name";
    public static final String DEVICE_KEY = "zt.device.key";
    public static final String FORWARDED_HEADER = "zt.forwarded-header";
    public static final String FORM_MAX_BYTES = "zt.form.max-bytes";
    public static final String FORM_MAX_FIELDS = "zt.form.max-fields";
    public static final String EXECUTOR = "zt.executor";
    public static final String DPOP_ORIGINS = "zt.dpop.origins";
    public static final String CLIENT_CERT_HEADER = "zt.client-cert.header";
    public static final String RESOURCE = "zt.resource";
    public static final String RESOURCE_METADATA = "zt.resource-metadata";
    public static final String HEALTH_ENABLED = "zt.health.enabled";
    public static final String HEALTH_NETWORKS = "zt.health.networks";
    public static final String CONSOLE_ENABLED = "zt.console.enabled";
    public static final String CONSOLE_ROLE = "zt.console.role";
    public static final String CONSOLE_ACR = "zt.console.acr";
    /** Read by zt-cdi when the application starts (before any filter): known here, refused as an init-param. */
    public static final String CONTAINER_IDENTITY = "zt.container-identity";

    /** Every key the filter reads (declared to the configuration so that they are not "unknown"). */
    public static final List<String> KEYS = keys(List.of(REALM, TRUSTED_PROXIES, PUBLIC_PATHS, COOKIE_NAME, RULES,
            RULES_DEFAULT, LOGIN_URL, ENDPOINTS_PREFIX, REFRESH_HEADER, CSRF_COOKIE, CSRF_HEADER, CSRF_PARAMETER,
            RETRY_AFTER, STEP_UP_URL, GEO_HEADER, DEVICE_COOKIE, DEVICE_KEY, FORWARDED_HEADER, FORM_MAX_BYTES,
            FORM_MAX_FIELDS, EXECUTOR, CONTAINER_IDENTITY, DPOP_ORIGINS, CLIENT_CERT_HEADER, RESOURCE, RESOURCE_METADATA,
            HEALTH_ENABLED, HEALTH_NETWORKS, CONSOLE_ENABLED, CONSOLE_ROLE, CONSOLE_ACR),
            LoginSettings.KEYS);

    public final String realm;
    public final boolean reportOnly;
    public final ClientAddresses clientAddresses;
    public final List<PathPattern> publicPaths;
    public final String cookieName;
    public final PathRules rules;
    public final String loginUrl;
    public final String prefix;
    public final String refreshHeader;
    public final String csrfCookie;
    public final String csrfHeader;
    public final String csrfParameter;
    public final long retryAfterSeconds;
    public final String stepUpUrl;
    public final String geoHeader;
    public final String deviceCookie;
    public final dev.zt.internal.risk.DeviceCookies devices;
    public final int formMaxBytes;
    public final int formMaxFields;
    /** {@code auto}, {@code own} or the JNDI name of the application's executor (see {@code zt.executor}). */
    public final String executor;
    /** The browser login (zt as an OpenID Connect relying party), or null when no issuer has a client. */
    public final LoginSettings login;
    /**
     * The origins ({@code https://host[:port]}) clients reach the application at, against which a DPoP proof's
     * {@code htu} is compared ({@code zt.dpop.origins}); empty: the request's own origin (through trusted proxies).
     */
    public final List<String> dpopOrigins;
    /** The RFC 9440 header a trusted proxy forwards the client certificate in, or null ({@code none}). */
    public final String clientCertHeader;
    /** The resource identifier (RFC 9728, {@code zt.resource}), or null: the request's origin and context path. */
    public final String resource;
    /** Whether {@code /.well-known/oauth-protected-resource} is served ({@code zt.resource-metadata}). */
    public final boolean resourceMetadata;
    /** Whether {@code {prefix}/health} is served ({@code zt.health.enabled}). */
    public final boolean healthEnabled;
    /** The client networks it answers ({@code zt.health.networks}); others get 404. */
    public final List<Cidr> healthNetworks;
    /**
     * Whether the roll-out console is served under {@code {prefix}/console} ({@code zt.console.enabled}), to callers
     * with {@link #consoleRole} and {@link #consoleAcr} only (a path rule ahead of the application's).
     */
    public final boolean consoleEnabled;
    /** The role the console requires ({@code zt.console.role}), or null when the console is off. */
    public final String consoleRole;
    /** The {@code acr} the console requires ({@code zt.console.acr}), or null when the console is off. */
    public final String consoleAcr;
    /**
     * The metadata's URL for the challenges' {@code resource_metadata} (RFC 9728 section 5.1): {@code zt.resource}
     * followed by {@code /.well-known/oauth-protected-resource}, when both are set; else null.
     */
    public final String resourceMetadataUrl;
    /** The URLs a request may have been addressed to, for DPoP's {@code htu}. */
    public final dev.zt.filter.internal.request.RequestUrls requestUrls;

    /** Reads and validates the settings. */
    public FilterSettings(ZtConfig config, ClassLoader loader) {
        this.realm = get(config, REALM, "zt");
        if (!realm.matches("[\\x20-\\x21\\x23-\\x5b\\x5d-\\x7e]+")) {
            throw bad(REALM, realm, "must be printable ASCII without quotes or backslashes (RFC 6750 section 3)");
        }
        this.reportOnly = config.reportOnly();
        List<Cidr> proxies = cidrs(config, TRUSTED_PROXIES, "");
        String forwarded = get(config, FORWARDED_HEADER, "x-forwarded-for").toLowerCase(Locale.ROOT);
        if (!forwarded.equals("x-forwarded-for") && !forwarded.equals("forwarded")) {
            throw bad(FORWARDED_HEADER, forwarded, "must be x-forwarded-for or forwarded: the one header your proxy"
                    + " sets (see docs/configuration.md)");
        }
        this.clientAddresses = new ClientAddresses(proxies, forwarded.equals("forwarded")
                ? ClientAddresses.Header.FORWARDED : ClientAddresses.Header.X_FORWARDED_FOR);
        this.formMaxBytes = positiveInt(config, FORM_MAX_BYTES, "65536", 1_048_576);
        this.formMaxFields = positiveInt(config, FORM_MAX_FIELDS, "1000", 100_000);
        this.executor = get(config, EXECUTOR, "auto");
        String identity = get(config, CONTAINER_IDENTITY, "auto").trim().toLowerCase(Locale.ROOT);
        if (!List.of("auto", "jakarta-security", "elytron", "none").contains(identity)) {
            throw bad(CONTAINER_IDENTITY, identity, "must be auto, jakarta-security, elytron or none");
        }
        if (!executor.equals("auto") && !executor.equals("own") && !executor.startsWith("java:")) {
            throw bad(EXECUTOR, executor, "must be auto, own or a JNDI name (java:...) of a ManagedExecutorService");
        }
        List<String> origins = new ArrayList<>();
        for (String o : split(get(config, DPOP_ORIGINS, ""))) {
            if (!o.matches("(?i)https?://[a-z0-9.-]+(:[0-9]{1,5})?|(?i)https?://\\[[0-9a-f:.]+\\](:[0-9]{1,5})?")) {
                throw bad(DPOP_ORIGINS, o, "must be an origin such as https://api.example.com or"
                        + " https://api.example.com:8443 (scheme, host and port only)");
            }
            origins.add(o);
        }
        this.dpopOrigins = List.copyOf(origins);
        this.requestUrls = new dev.zt.filter.internal.request.RequestUrls(dpopOrigins, clientAddresses,
                forwarded.equals("forwarded") ? ClientAddresses.Header.FORWARDED : ClientAddresses.Header.X_FORWARDED_FOR);
        String res = get(config, RESOURCE, "");
        if (!res.isEmpty() && !res.matches("https://[^\\s?#@]+")) {
            throw bad(RESOURCE, res, "must be the https: URL clients know the application by, without query,"
                    + " fragment or user (RFC 9728 section 1.2)");
        }
        this.resource = res.isEmpty() ? null : res;
        String metadata = get(config, RESOURCE_METADATA, "true").toLowerCase(Locale.ROOT);
        if (!metadata.equals("true") && !metadata.equals("false")) {
            throw bad(RESOURCE_METADATA, metadata, "must be true or false");
        }
        this.resourceMetadata = metadata.equals("true");
        String health = get(config, HEALTH_ENABLED, "false").toLowerCase(Locale.ROOT);
        if (!health.equals("true") && !health.equals("false")) {
            throw bad(HEALTH_ENABLED, health, "must be true or false");
        }
        this.healthEnabled = health.equals("true");
        this.healthNetworks = List.copyOf(cidrs(config, HEALTH_NETWORKS, "127.0.0.1, ::1"));
        this.resourceMetadataUrl = resource == null || !resourceMetadata ? null
                : resource.replaceAll("/$", "") + "/.well-known/oauth-protected-resource";
        String certHeader = get(config, CLIENT_CERT_HEADER, "Client-Cert");
        if (!certHeader.matches("[A-Za-z0-9-]+")) {
            throw bad(CLIENT_CERT_HEADER, certHeader, "must be a header name, or none");
        }
        this.clientCertHeader = certHeader.equalsIgnoreCase("none") ? null : certHeader;
        List<PathPattern> pub = new ArrayList<>();
        for (String p : split(get(config, PUBLIC_PATHS, ""))) {
            try {
                pub.add(PathPattern.parse(p));
            } catch (IllegalArgumentException e) {
                throw bad(PUBLIC_PATHS, p, e.getMessage());
            }
        }
        this.publicPaths = List.copyOf(pub);
        this.cookieName = get(config, COOKIE_NAME, "__Host-zt-session");
        if (!cookieName.matches("[A-Za-z0-9_.-]+")) {
            throw bad(COOKIE_NAME, cookieName, "is not a valid cookie name");
        }
        String def = get(config, RULES_DEFAULT, "authenticated").toLowerCase(Locale.ROOT);
        if (!def.equals("authenticated") && !def.equals("deny")) {
            throw bad(RULES_DEFAULT, def, "must be authenticated or deny");
        }
        boolean denyByDefault = def.equals("deny");
        String rulesLocation = config.setting(RULES).orElse("");
        String login = config.setting(LOGIN_URL).orElse("");
        if (!login.isEmpty() && !(login.startsWith("/") && !login.startsWith("//")) && !login.startsWith("https://")) {
            throw bad(LOGIN_URL, login, "must be an application path (/login) or an https: URL");
        }
        this.loginUrl = login.isEmpty() ? null : login;
        String p = get(config, ENDPOINTS_PREFIX, "/zt");
        if (!p.startsWith("/") || p.endsWith("/") || p.contains("//")) {
            throw bad(ENDPOINTS_PREFIX, p, "must start with '/' and not end with '/'");
        }
        this.prefix = p;
        String console = get(config, CONSOLE_ENABLED, "false").toLowerCase(Locale.ROOT);
        if (!console.equals("true") && !console.equals("false")) {
            throw bad(CONSOLE_ENABLED, console, "must be true or false");
        }
        this.consoleEnabled = console.equals("true");
        this.consoleRole = consoleEnabled ? consoleName(config, CONSOLE_ROLE, "a role") : null;
        this.consoleAcr = consoleEnabled ? consoleName(config, CONSOLE_ACR, "an acr value (e.g. mfa)") : null;
        for (PathPattern open : publicPaths) {
            if (consoleEnabled && (open.matches(p + "/console") || open.matches(p + "/console/api/activity"))) {
                throw new ConfigurationException(PUBLIC_PATHS, PUBLIC_PATHS + " covers " + p + "/console: the console"
                        + " is never public; narrow the pattern or set " + CONSOLE_ENABLED + "=false");
            }
        }
        PathRules own = rulesLocation.isEmpty() ? PathRules.none(denyByDefault)
                : PathRules.parse(read(rulesLocation, loader), rulesLocation, denyByDefault);
        // the console's rule first: no rule of the application's can weaken it
        this.rules = consoleEnabled ? own.first("GET,POST " + p + "/console/** roles=" + consoleRole + " acr="
                + consoleAcr) : own;
        this.refreshHeader = get(config, REFRESH_HEADER, "X-Refreshed-Token");
        this.csrfCookie = get(config, CSRF_COOKIE, "__Host-zt-csrf");
        this.csrfHeader = get(config, CSRF_HEADER, "X-CSRF-Token");
        this.csrfParameter = get(config, CSRF_PARAMETER, "_csrf");
        String retry = get(config, RETRY_AFTER, "5s");
        Duration d;
        try {
            d = Durations.parse(retry);
        } catch (IllegalArgumentException e) {
            throw bad(RETRY_AFTER, retry, "is not a duration");
        }
        this.retryAfterSeconds = Math.max(1, d.toSeconds());
        String stepUp = config.setting(STEP_UP_URL).orElse("");
        if (!stepUp.isEmpty() && !(stepUp.startsWith("/") && !stepUp.startsWith("//")) && !stepUp.startsWith("https://")) {
            throw bad(STEP_UP_URL, stepUp, "must be an application path (/mfa) or an https: URL");
        }
        this.stepUpUrl = stepUp.isEmpty() ? null : stepUp;
        this.login = LoginSettings.of(config, System.getenv(), loader);
        String geo = config.setting(GEO_HEADER).orElse("");
        if (!geo.isEmpty() && !geo.matches("[A-Za-z0-9-]+")) {
            throw bad(GEO_HEADER, geo, "is not a header name");
        }
        this.geoHeader = geo.isEmpty() ? null : geo;
        this.deviceCookie = get(config, DEVICE_COOKIE, "__Host-zt-device");
        if (!deviceCookie.matches("[A-Za-z0-9_.-]+")) {
            throw bad(DEVICE_COOKIE, deviceCookie, "is not a valid cookie name");
        }
        String deviceKey = config.setting(DEVICE_KEY).orElse("");
        Optional<String> sessionKey = config.session().signingKey();
        if (deviceKey.isEmpty() && sessionKey.isPresent()) {
            // every node configured with the same session signing key (as a cluster must be) signs device cookies
            // alike, so a browser session keeps its device when the load balancer moves it to another node
            try {
                this.devices = dev.zt.internal.risk.DeviceCookies.derivedFrom(
                        dev.zt.internal.config.Locations.read(sessionKey.get(), loader));
            } catch (IOException e) {
                throw new ConfigurationException(ConfigKeys.SESSION_SIGNING_KEY, "cannot use "
                        + ConfigKeys.SESSION_SIGNING_KEY + " " + sessionKey.get() + ": " + e.getMessage());
            }
        } else if (deviceKey.isEmpty()) {
            this.devices = dev.zt.internal.risk.DeviceCookies.generated();
        } else {
            try {
                this.devices = new dev.zt.internal.risk.DeviceCookies(dev.zt.internal.keys.Secrets.load(deviceKey,
                        System.getenv()).getEncoded());
            } catch (IllegalArgumentException e) {
                throw new ConfigurationException(DEVICE_KEY, "cannot use " + DEVICE_KEY + " " + deviceKey + ": "
                        + e.getMessage());
            }
        }
    }

    /** A key's list of networks: addresses or CIDR ranges, never host names. */
    private static List<Cidr> cidrs(ZtConfig config, String key, String defaultValue) {
        List<Cidr> out = new ArrayList<>();
        for (String c : split(get(config, key, defaultValue))) {
            try {
                out.add(Cidr.parse(c));
            } catch (IllegalArgumentException e) {
                throw bad(key, c, "is not an IP address or CIDR range (host names are not accepted)");
            }
        }
        return out;
    }

    private static List<String> keys(List<String> own, List<String> login) {
        List<String> all = new ArrayList<>(own);
        all.addAll(login);
        return List.copyOf(all);
    }

    /** True when the path is a configured public path. */
    public boolean isPublic(String path) {
        for (PathPattern p : publicPaths) {
            if (p.matches(path)) {
                return true;
            }
        }
        return false;
    }

    private static int positiveInt(ZtConfig config, String key, String def, int max) {
        String v = get(config, key, def);
        try {
            int n = Integer.parseInt(v);
            if (n < 1 || n > max) {
                throw bad(key, v, "must be between 1 and " + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw bad(key, v, "is not a whole number");
        }
    }

    private static String get(ZtConfig config, String key, String def) {
        String v = config.setting(key).orElse("");
        return v.isEmpty() ? def : v;
    }

    private static List<String> split(String v) {
        List<String> out = new ArrayList<>();
        for (String s : v.split("[,\\s]+")) {
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return out;
    }

    private static ConfigurationException bad(String key, String value, String why) {
        return ConfigurationException.invalid(key, value, why);
    }

    private static String read(String location, ClassLoader loader) {
        if (!location.startsWith("file:") && !location.startsWith("classpath:")) {
            throw bad(RULES, location, "must be a file: path or a classpath: resource");
        }
        try {
            return dev.zt.internal.config.Locations.read(location, loader);
        } catch (IOException e) {
            throw new ConfigurationException(RULES, "cannot read zt.rules " + location + ": " + e.getMessage());
        }
    }

    /** A required name of the console's rule: one token, nothing a rule line would read as more. */
    private static String consoleName(ZtConfig config, String key, String what) {
        String v = config.setting(key).map(String::strip).orElse("");
        if (v.isEmpty()) {
            throw new ConfigurationException(key, key + " is required with " + CONSOLE_ENABLED + "=true: the console"
                    + " is never public; name " + what + " its operators have");
        }
        if (!v.matches("[A-Za-z0-9:._/-]+")) {
            throw bad(key, v, "must be one role or acr name (letters, digits, : . _ / -)");
        }
        return v;
    }
}
