package dev.zt.config;

import dev.zt.internal.jdk.EdDsaKeys;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Reads the trusted issuers ({@code zt.<key>} for the one named {@code default}, {@code zt.issuers.<name>.<key>}). */
final class Issuers {

    private final Resolver r;

    private Issuers(Resolver r) {
        this.r = r;
    }

    static Map<String, IssuerConfig> issuers(Resolver r, boolean allowHttp) {
        return new Issuers(r).all(allowHttp);
    }

    private Map<String, IssuerConfig> all(boolean allowHttp) {
        Set<String> names = new LinkedHashSet<>();
        boolean shortcut = false;
        for (String key : r.values.keySet()) {
            if (key.startsWith(ConfigKeys.ISSUERS_PREFIX)) {
                String rest = key.substring(ConfigKeys.ISSUERS_PREFIX.length());
                names.add(rest.substring(0, rest.indexOf('.')));
            } else if (ConfigKeys.ISSUER_KEYS.containsKey(key.substring(3))) {
                shortcut = true;
            }
        }
        if (shortcut && names.contains("default")) {
            throw new ConfigurationException(ConfigKeys.shortcut(ConfigKeys.ISSUER), "both the single-issuer keys"
                    + " (zt.issuer, ...) and zt.issuers.default.* are set; use one spelling");
        }
        Map<String, IssuerConfig> result = new LinkedHashMap<>();
        if (shortcut) {
            result.put("default", issuer("default", true, allowHttp));
        }
        for (String n : names) {
            result.put(n, issuer(n, false, allowHttp));
        }
        Map<String, String> seen = new LinkedHashMap<>();
        for (IssuerConfig c : result.values()) {
            String other = seen.put(c.issuer(), c.name());
            if (other != null) {
                throw new ConfigurationException(key(c.name(), c.name().equals("default") && shortcut,
                        ConfigKeys.ISSUER), "issuers '" + other + "' and '" + c.name() + "' both trust iss '"
                        + c.issuer() + "'; an issuer must be configured once");
            }
        }
        return result;
    }

    private static String key(String name, boolean shortcut, String sub) {
        return shortcut ? ConfigKeys.shortcut(sub) : ConfigKeys.named(name, sub);
    }

    private IssuerConfig issuer(String name, boolean shortcut, boolean allowHttp) {
        String issuerKey = key(name, shortcut, ConfigKeys.ISSUER);
        String iss = r.values.get(issuerKey);
        if (iss == null || iss.isEmpty()) {
            throw new ConfigurationException(issuerKey, "issuer '" + name + "' has no '" + issuerKey
                    + "': set the exact iss value its tokens carry");
        }
        String audKey = key(name, shortcut, ConfigKeys.AUDIENCE);
        Set<String> audiences = Resolver.list(r.values.get(audKey));
        if (audiences.isEmpty()) {
            throw new ConfigurationException(audKey, "issuer '" + name + "' has no '" + audKey + "': set the"
                    + " audience its tokens are issued for (RFC 7519 section 4.1.3); zt never accepts tokens"
                    + " meant for someone else");
        }
        String jwksKey = key(name, shortcut, ConfigKeys.JWKS_URI);
        String pemKey = key(name, shortcut, ConfigKeys.PUBLIC_KEY);
        String secretKey = key(name, shortcut, ConfigKeys.SECRET);
        String jwks = Resolver.blankToNull(r.values.get(jwksKey));
        String pem = Resolver.blankToNull(r.values.get(pemKey));
        String secret = Resolver.blankToNull(r.values.get(secretKey));
        int sourcesSet = (jwks == null ? 0 : 1) + (pem == null ? 0 : 1) + (secret == null ? 0 : 1);
        if (sourcesSet > 1) {
            throw new ConfigurationException(jwksKey, "issuer '" + name + "' sets more than one of '" + jwksKey
                    + "', '" + pemKey + "' and '" + secretKey + "'; choose one key source");
        }
        URI jwksUri = jwks == null ? null : jwksUri(jwksKey, jwks, allowHttp);
        if (pem != null && !(pem.startsWith("file:") || pem.startsWith("classpath:"))) {
            throw r.bad(pemKey, pem, "must be a file: path or a classpath: resource");
        }
        r.requireSecretReference(secretKey, secret, "the base64 secret");
        boolean localJwks = jwksUri != null && !jwksUri.getScheme().startsWith("http");
        String algKey = key(name, shortcut, ConfigKeys.ALGORITHMS);
        Set<String> algorithms = Resolver.list(r.values.get(algKey));
        if (algorithms.isEmpty()) {
            algorithms = secret != null ? Set.of("HS256") : defaultAsymmetric();
        }
        for (String a : algorithms) {
            if (a.equalsIgnoreCase("none")) {
                throw r.bad(algKey, r.values.get(algKey), "'none' (unsecured JWS) is never accepted (RFC 8725"
                        + " section 3.2)");
            }
            if (!ZtConfig.SUPPORTED_ALGORITHMS.contains(a)) {
                throw r.bad(algKey, r.values.get(algKey), "unknown algorithm '" + a + "'; supported: "
                        + new TreeSet<>(ZtConfig.SUPPORTED_ALGORITHMS));
            }
            if (a.equals("EdDSA") && !EdDsaKeys.available()) {
                throw r.bad(algKey, r.values.get(algKey), EdDsaKeys.unavailable()
                        + "; remove it or run zt on a newer JVM");
            }
            boolean hmac = a.startsWith("HS");
            if (hmac && secret == null && !localJwks && !(jwksUri == null && pem == null)) {
                throw r.bad(algKey, r.values.get(algKey), "HMAC algorithm '" + a + "' needs a symmetric key ('"
                        + secretKey + "' or a local JWK Set file); keys fetched over the network or public"
                        + " keys are never used as HMAC secrets");
            }
            if (!hmac && secret != null) {
                throw r.bad(algKey, r.values.get(algKey), "'" + a + "' needs a public key but issuer '" + name
                        + "' is configured with a secret");
            }
        }
        String rolesKey = key(name, shortcut, ConfigKeys.ROLES_CLAIM);
        String roles = r.raw(rolesKey, ConfigKeys.ISSUER_KEYS.get(ConfigKeys.ROLES_CLAIM));
        if (roles.isEmpty() || roles.startsWith(".") || roles.endsWith(".") || roles.contains("..")) {
            throw r.bad(rolesKey, roles, "must be a claim name or a dotted path such as realm_access.roles");
        }
        String scopeKey = key(name, shortcut, ConfigKeys.SCOPE_CLAIM);
        List<String> scopeClaims = new ArrayList<>(Resolver.list(r.raw(scopeKey,
                ConfigKeys.ISSUER_KEYS.get(ConfigKeys.SCOPE_CLAIM))));
        if (scopeClaims.isEmpty()) {
            throw r.bad(scopeKey, r.values.get(scopeKey), "must name at least one claim");
        }
        String skewKey = key(name, shortcut, ConfigKeys.CLOCK_SKEW);
        Duration skew = r.parseDuration(skewKey, r.raw(skewKey, ConfigKeys.ISSUER_KEYS.get(ConfigKeys.CLOCK_SKEW)));
        if (skew.compareTo(ZtConfig.MAX_CLOCK_SKEW) > 0) {
            throw r.bad(skewKey, r.values.get(skewKey), "must not exceed " + Durations.format(ZtConfig.MAX_CLOCK_SKEW));
        }
        String typ = Resolver.blankToNull(r.values.get(key(name, shortcut, ConfigKeys.TYP)));
        String logoutKey = key(name, shortcut, ConfigKeys.LOGOUT_AUDIENCE);
        Set<String> logoutAudiences = Resolver.list(r.values.get(logoutKey));
        for (String a : logoutAudiences) {
            if (audiences.contains(a)) {
                throw r.bad(logoutKey, r.values.get(logoutKey), "'" + a + "' is also an accepted access-token"
                        + " audience; the client id that receives logout tokens must differ from the API's"
                        + " audience, so that neither kind of token can pass for the other");
            }
        }
        String typeKey = key(name, shortcut, ConfigKeys.TYPE);
        String typeValue = r.raw(typeKey, ConfigKeys.ISSUER_KEYS.get(ConfigKeys.TYPE)).toLowerCase(Locale.ROOT);
        IssuerConfig.Type type;
        if (typeValue.equals("user")) {
            type = IssuerConfig.Type.USER;
        } else if (typeValue.equals("service")) {
            type = IssuerConfig.Type.SERVICE;
        } else {
            throw r.bad(typeKey, typeValue, "must be user or service");
        }
        String trustKey = key(name, shortcut, ConfigKeys.CLAIMS_TRUSTED);
        Set<IssuerConfig.TrustedClaim> trusted = trustedClaims(trustKey, r.values.get(trustKey), type);
        String clientKey = key(name, shortcut, ConfigKeys.CLIENT_ID);
        String clientId = Resolver.blankToNull(r.values.get(clientKey));
        String clientSecretKey = key(name, shortcut, ConfigKeys.CLIENT_SECRET);
        String clientSecret = Resolver.blankToNull(r.values.get(clientSecretKey));
        String clientKeyKey = key(name, shortcut, ConfigKeys.CLIENT_KEY);
        String clientKeyLocation = Resolver.blankToNull(r.values.get(clientKeyKey));
        checkClient(new String[] {clientKey, clientSecretKey, clientKeyKey}, clientId, clientSecret, clientKeyLocation,
                audiences, type);
        String dpopKey = key(name, shortcut, ConfigKeys.DPOP);
        String dpopValue = r.raw(dpopKey, ConfigKeys.ISSUER_KEYS.get(ConfigKeys.DPOP)).toLowerCase(Locale.ROOT);
        IssuerConfig.DpopPolicy dpop;
        switch (dpopValue) {
            case "off":
                dpop = IssuerConfig.DpopPolicy.OFF;
                break;
            case "allowed":
                dpop = IssuerConfig.DpopPolicy.ALLOWED;
                break;
            case "required":
                dpop = IssuerConfig.DpopPolicy.REQUIRED;
                break;
            default:
                throw r.bad(dpopKey, dpopValue, "must be off, allowed or required");
        }
        return IssuerConfig.builder().name(name).type(type).dpop(dpop).trustedClaims(trusted).issuer(iss).audiences(audiences)
                .algorithms(algorithms).jwksUri(jwksUri).publicKey(pem).secretReference(secret).rolesClaim(roles)
                .scopeClaims(scopeClaims).clockSkew(skew).typ(typ).logoutAudiences(logoutAudiences)
                .clientId(clientId).clientSecretReference(clientSecret).clientKeyLocation(clientKeyLocation).build();
    }

    /**
     * A login client: a client id with exactly one credential, its secret reference or its private key's location;
     * never for a service issuer, and never one of the issuer's access-token audiences (an ID token's {@code aud} is the
     * client id: it must not pass for an access token).
     *
     * @param keys the keys of the client id, the client secret and the client key, for messages
     */
    private void checkClient(String[] keys, String clientId, String secret, String keyLocation, Set<String> audiences,
            IssuerConfig.Type type) {
        String idKey = keys[0];
        String secretKey = keys[1];
        String keyKey = keys[2];
        if (clientId == null) {
            if (secret != null || keyLocation != null) {
                String set = secret != null ? secretKey : keyKey;
                throw new ConfigurationException(set, "'" + set + "' is set without '" + idKey + "': set the client id"
                        + " it belongs to");
            }
            return;
        }
        if (type == IssuerConfig.Type.SERVICE) {
            throw r.bad(idKey, clientId, "a service issuer speaks for workloads and logs no users in");
        }
        if (audiences.contains(clientId)) {
            throw r.bad(idKey, clientId, "is also an accepted access-token audience; ID tokens are issued for the"
                    + " client id, so it must differ from the API's audience (else an ID token would pass for an"
                    + " access token)");
        }
        if (secret == null && keyLocation == null) {
            throw new ConfigurationException(secretKey, "'" + idKey + "' is set without '" + secretKey + "' or '"
                    + keyKey + "': zt is a confidential client; set env:VARIABLE or file:path holding the client"
                    + " secret, or the location of its private key");
        }
        if (secret != null && keyLocation != null) {
            throw new ConfigurationException(keyKey, "both '" + secretKey + "' and '" + keyKey + "' are set; choose"
                    + " one way to authenticate at the token endpoint");
        }
        r.requireSecretReference(secretKey, secret, "the client secret");
        if (keyLocation != null && !(keyLocation.startsWith("file:") || keyLocation.startsWith("classpath:"))) {
            throw r.bad(keyKey, keyLocation, "must be a file: path or a classpath: resource holding a private JWK or"
                    + " a PKCS#8 PEM key");
        }
    }

    /** {@code roles,scopes,acr}, {@code none}, or unset: everything for user issuers, nothing for services. */
    private Set<IssuerConfig.TrustedClaim> trustedClaims(String key, String value, IssuerConfig.Type type) {
        if (value == null || value.isEmpty()) {
            return type == IssuerConfig.Type.SERVICE ? Set.of()
                    : java.util.EnumSet.allOf(IssuerConfig.TrustedClaim.class);
        }
        Set<IssuerConfig.TrustedClaim> out = java.util.EnumSet.noneOf(IssuerConfig.TrustedClaim.class);
        Set<String> names = Resolver.list(value);
        if (names.equals(Set.of("none"))) {
            return out;
        }
        for (String n : names) {
            switch (n.toLowerCase(Locale.ROOT)) {
                case "roles":
                    out.add(IssuerConfig.TrustedClaim.ROLES);
                    break;
                case "scopes":
                    out.add(IssuerConfig.TrustedClaim.SCOPES);
                    break;
                case "acr":
                    out.add(IssuerConfig.TrustedClaim.ACR);
                    break;
                default:
                    throw r.bad(key, value, "'" + n + "' is not a claim kind; use roles, scopes, acr or none");
            }
        }
        return out;
    }

    private URI jwksUri(String key, String value, boolean allowHttp) {
        return jwksUri(r, key, value, allowHttp);
    }

    /** A JWK Set location: {@code https:}, {@code http:} (loopback, or when allowed), {@code file:}, {@code classpath:}. */
    static URI jwksUri(Resolver r, String key, String value, boolean allowHttp) {
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw r.bad(key, value, "is not a URI");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        switch (scheme) {
            case "https":
            case "file":
            case "classpath":
                return uri;
            case "http":
                if (!allowHttp && !isLoopback(uri.getHost())) {
                    throw r.bad(key, value, "plain http is allowed for loopback hosts only; use https, or set "
                            + ConfigKeys.JWKS_ALLOW_HTTP + "=true if a trusted network protects it");
                }
                return uri;
            default:
                throw r.bad(key, value, "must be an https:, http: (loopback), file: or classpath: URI");
        }
    }

    static boolean isLoopback(String host) {
        if (host == null) {
            return false;
        }
        return host.equals("localhost") || host.equals("[::1]") || host.equals("::1")
                || host.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    }

    /** {@link ZtConfig#DEFAULT_ASYMMETRIC_ALGORITHMS}, without EdDSA on a JVM that has none (Java 11 to 14). */
    static Set<String> defaultAsymmetric() {
        if (EdDsaKeys.available()) {
            return ZtConfig.DEFAULT_ASYMMETRIC_ALGORITHMS;
        }
        Set<String> all = new HashSet<>(ZtConfig.DEFAULT_ASYMMETRIC_ALGORITHMS);
        all.remove("EdDSA");
        return Set.copyOf(all);
    }
}
