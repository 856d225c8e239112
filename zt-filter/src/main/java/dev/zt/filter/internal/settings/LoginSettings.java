package dev.zt.filter.internal.settings;

import dev.zt.config.ConfigKeys;
import dev.zt.config.ConfigurationException;
import dev.zt.config.Durations;
import dev.zt.config.IssuerConfig;
import dev.zt.config.ZtConfig;
import dev.zt.internal.keys.Secrets;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The browser login's settings (zt as an OpenID Connect relying party): the login issuer (the one issuer with a
 * {@code client-id}, or the one {@code zt.login-issuer} names), its client credentials, the scopes asked for, the
 * redirect URI and how long a login may take. Validated once; absent when no issuer has a client.
 */
public final class LoginSettings {

    public static final String LOGIN_ISSUER = "zt.login-issuer";
    public static final String SCOPES = "zt.oidc.scopes";
    public static final String REDIRECT_URI = "zt.oidc.redirect-uri";
    public static final String LOGIN_TIMEOUT = "zt.oidc.login-timeout";
    public static final String IDP_SESSION_CHECK = "zt.oidc.idp-session-check";
    public static final String POST_LOGOUT_REDIRECT_URI = "zt.oidc.post-logout-redirect-uri";

    /** The keys this class reads. */
    public static final List<String> KEYS = List.of(LOGIN_ISSUER, SCOPES, REDIRECT_URI, LOGIN_TIMEOUT,
            IDP_SESSION_CHECK, POST_LOGOUT_REDIRECT_URI);

    /** The longest a login may take between the redirect and the callback. */
    static final Duration MAX_LOGIN_TIMEOUT = Duration.ofHours(1);

    /** The login issuer. */
    public final IssuerConfig issuer;
    /** Its client id. */
    public final String clientId;
    /** Its client secret (never logged), or null when it authenticates with a key. */
    public final String clientSecret;
    /** Its private key ({@code private_key_jwt}), or null when it authenticates with a secret. */
    public final dev.zt.internal.keys.SigningKeys clientKey;
    /** The {@code scope} of the authorization request: {@code openid} first, then {@code zt.oidc.scopes}. */
    public final String scope;
    /** The configured redirect URI, or null: derived from each request. */
    public final URI redirectUri;
    /** How long a started login stays valid. */
    public final Duration loginTimeout;
    /** How often the provider session behind a login session is re-checked, or null: never. */
    public final Duration idpSessionCheck;
    /** The configured post-logout redirect URI, or null: the application root on the request's own origin. */
    public final URI postLogoutRedirectUri;

    private LoginSettings(IssuerConfig issuer, String clientSecret, dev.zt.internal.keys.SigningKeys clientKey,
            String scope, URI redirectUri, Duration timeout, Duration idpSessionCheck, URI postLogoutRedirectUri) {
        this.issuer = issuer;
        this.clientId = issuer.clientId().orElseThrow();
        this.clientSecret = clientSecret;
        this.clientKey = clientKey;
        this.scope = scope;
        this.redirectUri = redirectUri;
        this.loginTimeout = timeout;
        this.idpSessionCheck = idpSessionCheck;
        this.postLogoutRedirectUri = postLogoutRedirectUri;
    }

    /**
     * The login settings of a configuration, or null when no issuer has a {@code client-id} (and none of this class's
     * keys is set).
     *
     * @throws ConfigurationException for an ambiguous or invalid login configuration
     */
    public static LoginSettings of(ZtConfig config, Map<String, String> environment, ClassLoader loader) {
        List<IssuerConfig> clients = new ArrayList<>();
        for (IssuerConfig ic : config.issuers().values()) {
            if (ic.clientId().isPresent()) {
                clients.add(ic);
            }
        }
        String named = config.setting(LOGIN_ISSUER).orElse("").strip();
        if (clients.isEmpty()) {
            for (String k : KEYS) {
                if (!config.setting(k).orElse("").isBlank()) {
                    throw new ConfigurationException(k, "'" + k + "' is set, but no issuer has a client-id: set"
                            + " zt.client-id (or zt.issuers.<name>.client-id) and its client-secret for browser login");
                }
            }
            return null;
        }
        IssuerConfig issuer;
        if (!named.isEmpty()) {
            issuer = clients.stream().filter(c -> c.name().equals(named)).findFirst().orElseThrow(() ->
                    ConfigurationException.invalid(LOGIN_ISSUER, named, "names no issuer with a client-id (issuers"
                            + " with one: " + names(clients) + ")"));
        } else if (clients.size() == 1) {
            issuer = clients.get(0);
        } else {
            throw new ConfigurationException(LOGIN_ISSUER, "issuers " + names(clients) + " all have a client-id;"
                    + " set " + LOGIN_ISSUER + " to the one browsers log in at");
        }
        boolean shortcut = issuer.name().equals("default") && config.setting(ConfigKeys.shortcut(
                ConfigKeys.CLIENT_ID)).isPresent();
        String secret = null;
        dev.zt.internal.keys.SigningKeys key = null;
        if (issuer.clientSecretReference().isPresent()) {
            String secretKey = shortcut ? ConfigKeys.shortcut(ConfigKeys.CLIENT_SECRET)
                    : ConfigKeys.named(issuer.name(), ConfigKeys.CLIENT_SECRET);
            try {
                secret = Secrets.loadText(issuer.clientSecretReference().get(), environment);
            } catch (IllegalArgumentException e) {
                throw new ConfigurationException(secretKey, "cannot read the client secret of issuer '"
                        + issuer.name() + "' (" + secretKey + "): " + e.getMessage());
            }
        } else {
            String keyKey = shortcut ? ConfigKeys.shortcut(ConfigKeys.CLIENT_KEY)
                    : ConfigKeys.named(issuer.name(), ConfigKeys.CLIENT_KEY);
            try {
                key = dev.zt.internal.keys.SigningKeys.load(issuer.clientKeyLocation().orElseThrow(), loader);
            } catch (IllegalArgumentException e) {
                throw new ConfigurationException(keyKey, "cannot use the client key of issuer '" + issuer.name()
                        + "' (" + keyKey + " " + issuer.clientKeyLocation().get() + "): " + e.getMessage());
            }
        }
        checkIssuerUrl(issuer, config.jwks().allowHttp());
        return new LoginSettings(issuer, secret, key, scope(config.setting(SCOPES).orElse("")),
                redirectUri(REDIRECT_URI, config.setting(REDIRECT_URI).orElse("").strip(), config.jwks().allowHttp()),
                timeout(config.setting(LOGIN_TIMEOUT).orElse("").strip()),
                sessionCheck(config.setting(IDP_SESSION_CHECK).orElse("").strip()),
                redirectUri(POST_LOGOUT_REDIRECT_URI, config.setting(POST_LOGOUT_REDIRECT_URI).orElse("").strip(),
                        config.jwks().allowHttp()));
    }

    private static String names(List<IssuerConfig> clients) {
        List<String> n = new ArrayList<>();
        clients.forEach(c -> n.add(c.name()));
        return n.toString();
    }

    /** The discovery document is fetched from the issuer URL: https, or http on loopback (or with allow-http). */
    private static void checkIssuerUrl(IssuerConfig issuer, boolean allowHttp) {
        String key = issuer.name().equals("default") ? "zt.issuer" : ConfigKeys.named(issuer.name(),
                ConfigKeys.ISSUER);
        URI uri;
        try {
            uri = new URI(issuer.issuer());
        } catch (URISyntaxException e) {
            throw ConfigurationException.invalid(key, issuer.issuer(), "a login issuer must be an https: URL (its"
                    + " discovery document is read from it)");
        }
        if (!secureOrLocal(uri, allowHttp) || uri.getQuery() != null || uri.getFragment() != null) {
            throw ConfigurationException.invalid(key, issuer.issuer(), "a login issuer must be an https: URL without"
                    + " query or fragment (OpenID Connect Discovery 1.0, section 2); plain http only on loopback or"
                    + " with " + ConfigKeys.JWKS_ALLOW_HTTP + "=true");
        }
    }

    /**
     * The key material the login state and provider grants are sealed under, the same on every node of a cluster: the
     * client secret's bytes, or the client key's PKCS#8 encoding.
     */
    public byte[] sealingMaterial() {
        return clientSecret != null ? clientSecret.getBytes(java.nio.charset.StandardCharsets.UTF_8)
                : clientKey.privateKey().getEncoded();
    }

    /** https, or http to a loopback host, or http anywhere when allowed. */
    public static boolean secureOrLocal(URI uri, boolean allowHttp) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null) {
            return false;
        }
        if (scheme.equals("https")) {
            return true;
        }
        String host = uri.getHost();
        return scheme.equals("http") && (allowHttp || host.equals("localhost") || host.equals("[::1]")
                || host.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}"));
    }

    /** {@code openid} plus the configured scopes, each a scope-token (RFC 6749 section 3.3). */
    private static String scope(String configured) {
        Set<String> scopes = new LinkedHashSet<>();
        scopes.add("openid");
        for (String s : configured.split("[,\\s]+")) {
            if (s.isEmpty()) {
                continue;
            }
            if (!s.matches("[\\x21\\x23-\\x5b\\x5d-\\x7e]+")) {
                throw ConfigurationException.invalid(SCOPES, configured, "'" + s + "' is not a scope token (RFC 6749"
                        + " section 3.3)");
            }
            scopes.add(s);
        }
        return String.join(" ", scopes);
    }

    private static URI redirectUri(String key, String value, boolean allowHttp) {
        if (value.isEmpty()) {
            return null;
        }
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw ConfigurationException.invalid(key, value, "is not a URI");
        }
        if (!secureOrLocal(uri, allowHttp) || uri.getFragment() != null || uri.getRawPath() == null
                || !uri.getRawPath().startsWith("/")) {
            throw ConfigurationException.invalid(key, value, "must be an absolute https: URL without fragment (RFC"
                    + " 6749 section 3.1.2), registered at the provider; plain http only on loopback");
        }
        return uri;
    }

    /** {@code 5m} by default; {@code off} never checks; at least 30 seconds. */
    private static Duration sessionCheck(String value) {
        if (value.equalsIgnoreCase("off")) {
            return null;
        }
        if (value.isEmpty()) {
            return Duration.ofMinutes(5);
        }
        Duration d;
        try {
            d = Durations.parse(value);
        } catch (IllegalArgumentException e) {
            throw ConfigurationException.invalid(IDP_SESSION_CHECK, value, "is not a duration (or off)");
        }
        if (d.compareTo(Duration.ofSeconds(30)) < 0) {
            throw ConfigurationException.invalid(IDP_SESSION_CHECK, value, "must be at least 30s (or off): each"
                    + " check is a request to the provider's token endpoint");
        }
        return d;
    }

    private static Duration timeout(String value) {
        if (value.isEmpty()) {
            return Duration.ofMinutes(10);
        }
        Duration d;
        try {
            d = Durations.parse(value);
        } catch (IllegalArgumentException e) {
            throw ConfigurationException.invalid(LOGIN_TIMEOUT, value, "is not a duration");
        }
        if (d.compareTo(Duration.ofSeconds(30)) < 0 || d.compareTo(MAX_LOGIN_TIMEOUT) > 0) {
            throw ConfigurationException.invalid(LOGIN_TIMEOUT, value, "must be between 30s and "
                    + Durations.format(MAX_LOGIN_TIMEOUT));
        }
        return d;
    }
}
