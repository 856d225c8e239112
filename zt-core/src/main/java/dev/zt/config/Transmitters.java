package dev.zt.config;

import dev.zt.internal.jdk.EdDsaKeys;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Reads the Shared Signals settings: {@code zt.ssf.*}, {@code zt.gtr.*} and each {@code zt.ssf.transmitters.<name>.*}. */
final class Transmitters {

    private final Resolver r;
    private final Map<String, IssuerConfig> issuers;
    private final boolean allowHttp;

    private Transmitters(Resolver r, Map<String, IssuerConfig> issuers, boolean allowHttp) {
        this.r = r;
        this.issuers = issuers;
        this.allowHttp = allowHttp;
    }

    static SsfSettings settings(Resolver r, Map<String, IssuerConfig> issuers, boolean allowHttp) {
        return new Transmitters(r, issuers, allowHttp).all();
    }

    private SsfSettings all() {
        Set<String> names = new LinkedHashSet<>();
        for (String key : r.values.keySet()) {
            if (key.startsWith(ConfigKeys.TRANSMITTERS_PREFIX)) {
                String rest = key.substring(ConfigKeys.TRANSMITTERS_PREFIX.length());
                names.add(rest.substring(0, rest.indexOf('.')));
            }
        }
        Map<String, TransmitterConfig> transmitters = new LinkedHashMap<>();
        Map<String, String> byIssuer = new LinkedHashMap<>();
        for (String n : names) {
            TransmitterConfig t = transmitter(n);
            String other = byIssuer.put(t.issuer(), n);
            if (other != null) {
                throw new ConfigurationException(key(n, ConfigKeys.ISSUER), "transmitters '" + other + "' and '" + n
                        + "' both have iss '" + t.issuer() + "'; configure a transmitter once");
            }
            transmitters.put(n, t);
        }
        Duration maxAge = r.positiveDuration(ConfigKeys.SSF_MAX_SET_AGE);
        if (maxAge.compareTo(Duration.ofMinutes(1)) < 0 || maxAge.compareTo(Duration.ofDays(30)) > 0) {
            throw r.bad(ConfigKeys.SSF_MAX_SET_AGE, Durations.format(maxAge), "must be between 1m and 30d");
        }
        String gtrIssuer = Resolver.blankToNull(r.values.get(ConfigKeys.GTR_ISSUER));
        if (gtrIssuer != null && !issuers.containsKey(gtrIssuer)) {
            throw r.bad(ConfigKeys.GTR_ISSUER, gtrIssuer, "is not a configured issuer (configured: "
                    + issuers.keySet() + ")");
        }
        String gtrSubjects = Resolver.blankToNull(r.values.get(ConfigKeys.GTR_SUBJECTS_ISSUER));
        if (gtrSubjects != null && !userIssuer(gtrSubjects)) {
            throw r.bad(ConfigKeys.GTR_SUBJECTS_ISSUER, gtrSubjects, "is not a configured user issuer (configured: "
                    + issuers.keySet() + ")");
        }
        if (gtrIssuer != null && gtrSubjects == null && !userIssuer(gtrIssuer)) {
            throw new ConfigurationException(ConfigKeys.GTR_SUBJECTS_ISSUER, "'" + ConfigKeys.GTR_ISSUER + "' names the"
                    + " service issuer '" + gtrIssuer + "': set '" + ConfigKeys.GTR_SUBJECTS_ISSUER + "' to the issuer"
                    + " whose users a revocation request names");
        }
        String scope = r.raw(ConfigKeys.GTR_SCOPE, ConfigKeys.GLOBAL.get(ConfigKeys.GTR_SCOPE));
        if (scope.isEmpty() || scope.contains(" ")) {
            throw r.bad(ConfigKeys.GTR_SCOPE, scope, "must be one scope");
        }
        return SsfSettings.builder().transmitters(Map.copyOf(transmitters)).maxSetAge(maxAge)
                .pushMaxBytes(r.intValue(ConfigKeys.SSF_PUSH_MAX_BYTES, 1024, 1_048_576))
                .pushRatePerMinute(r.intValue(ConfigKeys.SSF_PUSH_RATE, 1, 1_000_000)).riskScores(riskScores())
                .gtrIssuer(gtrIssuer).gtrScope(scope).gtrSubjectsIssuer(gtrSubjects).build();
    }

    private boolean userIssuer(String name) {
        IssuerConfig ic = issuers.get(name);
        return ic != null && ic.type() == IssuerConfig.Type.USER;
    }

    /** {@code level:score} pairs for the CAEP risk levels {@code low}, {@code medium} and {@code high}. */
    private Map<String, Integer> riskScores() {
        String key = ConfigKeys.SSF_RISK_SCORES;
        String v = r.raw(key, ConfigKeys.GLOBAL.get(key));
        Map<String, Integer> scores = new LinkedHashMap<>();
        for (String pair : Resolver.list(v)) {
            int colon = pair.indexOf(':');
            String level = colon < 0 ? pair : pair.substring(0, colon).toLowerCase(Locale.ROOT);
            if (colon < 0 || !Set.of("low", "medium", "high").contains(level)) {
                throw r.bad(key, v, "must list level:score pairs for low, medium and high");
            }
            try {
                int score = Integer.parseInt(pair.substring(colon + 1));
                if (score < 0 || score > 100 || scores.put(level, score) != null) {
                    throw r.bad(key, v, "each level once, with a score from 0 to 100");
                }
            } catch (NumberFormatException e) {
                throw r.bad(key, v, "'" + pair + "': the score is not a whole number");
            }
        }
        if (scores.size() != 3) {
            throw r.bad(key, v, "must give a score for each of low, medium and high");
        }
        return Map.copyOf(scores);
    }

    private static String key(String name, String sub) {
        return ConfigKeys.transmitter(name, sub);
    }

    private String value(String name, String sub) {
        String v = r.values.get(key(name, sub));
        return v == null ? ConfigKeys.TRANSMITTER_KEYS.get(sub) : v;
    }

    private TransmitterConfig transmitter(String name) {
        String issKey = key(name, ConfigKeys.ISSUER);
        String iss = Resolver.blankToNull(r.values.get(issKey));
        if (iss == null) {
            throw new ConfigurationException(issKey, "transmitter '" + name + "' has no '" + issKey + "': set the exact"
                    + " iss of its Security Event Tokens");
        }
        String audKey = key(name, ConfigKeys.AUDIENCE);
        Set<String> audiences = Resolver.list(r.values.get(audKey));
        if (audiences.isEmpty()) {
            throw new ConfigurationException(audKey, "transmitter '" + name + "' has no '" + audKey + "': set the aud"
                    + " its stream gives this receiver (RFC 8417 section 2.2)");
        }
        String jwksKey = key(name, ConfigKeys.JWKS_URI);
        String jwks = Resolver.blankToNull(r.values.get(jwksKey));
        URI jwksUri = jwks == null ? null : Issuers.jwksUri(r, jwksKey, jwks, allowHttp);
        if (jwksUri == null) {
            https(issKey, iss); // its keys come from {iss}'s SSF configuration
        }
        String deliveryKey = key(name, ConfigKeys.DELIVERY);
        String deliveryValue = value(name, ConfigKeys.DELIVERY).toLowerCase(Locale.ROOT);
        TransmitterConfig.Delivery delivery;
        if (deliveryValue.equals("push")) {
            delivery = TransmitterConfig.Delivery.PUSH;
        } else if (deliveryValue.equals("poll")) {
            delivery = TransmitterConfig.Delivery.POLL;
        } else {
            throw r.bad(deliveryKey, deliveryValue, "must be push or poll");
        }
        String pushAuthKey = key(name, ConfigKeys.PUSH_AUTHORIZATION);
        String pushAuth = secretReference(pushAuthKey);
        String clientIdKey = key(name, ConfigKeys.CLIENT_ID);
        String clientId = Resolver.blankToNull(r.values.get(clientIdKey));
        String clientSecretKey = key(name, ConfigKeys.CLIENT_SECRET);
        String clientSecret = secretReference(clientSecretKey);
        if (clientSecret != null && clientId == null) {
            throw new ConfigurationException(clientSecretKey, "'" + clientSecretKey + "' is set without '"
                    + clientIdKey + "'");
        }
        if (clientId != null && clientSecret == null) {
            throw new ConfigurationException(clientSecretKey, "transmitter '" + name + "' has '" + clientIdKey
                    + "' without '" + clientSecretKey + "'");
        }
        if (delivery == TransmitterConfig.Delivery.PUSH && pushAuth == null) {
            throw new ConfigurationException(pushAuthKey, "transmitter '" + name + "' pushes, so it needs '"
                    + pushAuthKey + "': the Authorization value it must send (RFC 8935 section 2); zt refuses"
                    + " unauthenticated pushes");
        }
        if (delivery == TransmitterConfig.Delivery.POLL && clientId == null) {
            throw new ConfigurationException(clientIdKey, "transmitter '" + name + "' is polled, so it needs '"
                    + clientIdKey + "' and '" + clientSecretKey + "' (zt authenticates to its poll endpoint)");
        }
        String tokenKey = key(name, ConfigKeys.TOKEN_ENDPOINT);
        String token = Resolver.blankToNull(r.values.get(tokenKey));
        URI tokenEndpoint = token == null ? null : https(tokenKey, token);
        String pushEndpointKey = key(name, ConfigKeys.PUSH_ENDPOINT);
        String pushEndpointValue = Resolver.blankToNull(r.values.get(pushEndpointKey));
        URI pushEndpoint = pushEndpointValue == null ? null : https(pushEndpointKey, pushEndpointValue);
        if (pushEndpoint != null && (delivery != TransmitterConfig.Delivery.PUSH || clientId == null)) {
            throw new ConfigurationException(pushEndpointKey, "'" + pushEndpointKey + "' registers a push stream:"
                    + " it needs delivery=push and '" + clientIdKey + "'");
        }
        String subjectsKey = key(name, ConfigKeys.SUBJECTS_ISSUER);
        String subjects = Resolver.blankToNull(r.values.get(subjectsKey));
        if (subjects == null) {
            for (IssuerConfig ic : issuers.values()) {
                if (ic.issuer().equals(iss) && ic.type() == IssuerConfig.Type.USER) {
                    subjects = ic.name(); // at most one: an iss is configured once
                }
            }
            if (subjects == null) {
                throw new ConfigurationException(subjectsKey, "transmitter '" + name + "': no configured issuer has"
                        + " iss '" + iss + "'; set '" + subjectsKey + "' to the issuer whose users its events name");
            }
        } else if (!userIssuer(subjects)) {
            throw r.bad(subjectsKey, subjects, "is not a configured user issuer (configured: " + issuers.keySet() + ")");
        }
        String algKey = key(name, ConfigKeys.ALGORITHMS);
        Set<String> algorithms = Resolver.list(r.values.get(algKey));
        if (algorithms.isEmpty()) {
            algorithms = Issuers.defaultAsymmetric();
        }
        for (String a : algorithms) {
            if (!ZtConfig.DEFAULT_ASYMMETRIC_ALGORITHMS.contains(a)) {
                throw r.bad(algKey, r.values.get(algKey), "'" + a + "' is not an asymmetric JWS algorithm zt verifies;"
                        + " allowed: " + new TreeSet<>(ZtConfig.DEFAULT_ASYMMETRIC_ALGORITHMS));
            }
            if (a.equals("EdDSA") && !EdDsaKeys.available()) {
                throw r.bad(algKey, r.values.get(algKey), EdDsaKeys.unavailable());
            }
        }
        String pollKey = key(name, ConfigKeys.POLL_INTERVAL);
        Duration poll = r.parseDuration(pollKey, value(name, ConfigKeys.POLL_INTERVAL));
        if (poll.compareTo(Duration.ofMillis(200)) < 0 || poll.compareTo(Duration.ofMinutes(10)) > 0) {
            throw r.bad(pollKey, Durations.format(poll), "must be between 200ms and 10m");
        }
        return TransmitterConfig.builder().name(name).issuer(iss).jwksUri(jwksUri).audiences(audiences)
                .delivery(delivery).pushAuthorizationReference(pushAuth).clientId(clientId)
                .clientSecretReference(clientSecret).tokenEndpoint(tokenEndpoint).subjectsIssuer(subjects)
                .scopes(Resolver.list(value(name, ConfigKeys.SCOPES)))
                .algorithms(Set.copyOf(algorithms)).pollInterval(poll).pushEndpoint(pushEndpoint).build();
    }

    /** A secret reference ({@code env:NAME} or {@code file:path}), or null when unset. */
    private String secretReference(String key) {
        String v = Resolver.blankToNull(r.values.get(key));
        r.requireSecretReference(key, v, "the secret");
        return v;
    }

    /** An {@code https:} URL ({@code http:} on loopback, or anywhere with {@code zt.jwks.allow-http}). */
    private URI https(String key, String value) {
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw r.bad(key, value, "is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http")
                && (allowHttp || Issuers.isLoopback(uri.getHost())))) {
            throw r.bad(key, value, "must be an https: URL (http: only on loopback, or with "
                    + ConfigKeys.JWKS_ALLOW_HTTP + "=true)");
        }
        return uri;
    }
}
