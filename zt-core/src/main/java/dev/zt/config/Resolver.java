package dev.zt.config;

import dev.zt.internal.config.Suggest;
import dev.zt.internal.jdk.EdDsaKeys;

import java.security.Provider;
import java.security.Security;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Resolves keys across sources and parses typed values with precise errors. */
final class Resolver {
    final Map<String, String> values = new LinkedHashMap<>();
    private final Map<String, String> origins = new LinkedHashMap<>();
    private final Set<String> moduleKeys;

    Resolver(List<ConfigSource> sources, Set<String> moduleKeys) {
        this.moduleKeys = moduleKeys;
        // lowest precedence first, so that higher ones overwrite
        for (int i = sources.size() - 1; i >= 0; i--) {
            ConfigSource s = sources.get(i);
            for (Map.Entry<String, String> e : new TreeMap<>(s.entries()).entrySet()) {
                String key = s.environmentNames() ? fromEnvironment(e.getKey(), s) : e.getKey();
                if (!key.startsWith("zt.")) {
                    continue;
                }
                checkKnown(key, e.getValue(), s.name());
                values.put(key, e.getValue() == null ? "" : e.getValue().trim());
                origins.put(key, s.name());
            }
        }
    }

    Map<String, String> rawValues() {
        return new LinkedHashMap<>(values);
    }

    private String fromEnvironment(String variable, ConfigSource s) {
        for (String k : ConfigKeys.GLOBAL.keySet()) {
            if (ConfigKeys.environmentName(k).equals(variable)) {
                return k;
            }
        }
        for (String k : moduleKeys) {
            if (ConfigKeys.environmentName(k).equals(variable)) {
                return k;
            }
        }
        for (String k : ConfigKeys.ISSUER_KEYS.keySet()) {
            if (ConfigKeys.environmentName(ConfigKeys.shortcut(k)).equals(variable)) {
                return ConfigKeys.shortcut(k);
            }
        }
        String named = namedFromEnvironment(variable, ConfigKeys.ISSUERS_PREFIX, ConfigKeys.ISSUER_KEYS.keySet());
        if (named == null) {
            named = namedFromEnvironment(variable, ConfigKeys.TRANSMITTERS_PREFIX,
                    ConfigKeys.TRANSMITTER_KEYS.keySet());
        }
        if (named != null) {
            return named;
        }
        List<String> names = new ArrayList<>();
        for (String k : knownFixedKeys()) {
            names.add(ConfigKeys.environmentName(k));
        }
        throw new ConfigurationException(variable, "unknown zt environment variable '" + variable + "' (from "
                + s.name() + "); did you mean '" + Suggest.closest(variable, names) + "'?");
    }

    /**
     * The key of a variable of a named family ({@code ZT_ISSUERS_<NAME>_<KEY>}, {@code ZT_SSF_TRANSMITTERS_<NAME>_<KEY>}),
     * or null: the longest key suffix wins, the rest is the name (lower case, {@code _} as {@code -}).
     */
    private static String namedFromEnvironment(String variable, String familyPrefix, Set<String> keys) {
        String prefix = ConfigKeys.environmentName(familyPrefix);
        if (!variable.startsWith(prefix)) {
            return null;
        }
        String rest = variable.substring(prefix.length());
        String best = null;
        for (String k : keys) {
            String suffix = "_" + ConfigKeys.environmentName(k);
            if (rest.endsWith(suffix) && rest.length() > suffix.length()
                    && (best == null || k.length() > best.length())) {
                best = k;
            }
        }
        if (best == null) {
            return null;
        }
        String name = rest.substring(0, rest.length() - ConfigKeys.environmentName(best).length() - 1)
                .toLowerCase(Locale.ROOT).replace('_', '-');
        return familyPrefix + name + "." + best;
    }

    private List<String> knownFixedKeys() {
        List<String> all = new ArrayList<>(ConfigKeys.fixedKeys());
        all.addAll(moduleKeys);
        return all;
    }

    private void checkKnown(String key, String value, String source) {
        if (ConfigKeys.GLOBAL.containsKey(key) || moduleKeys.contains(key)) {
            return;
        }
        if (key.startsWith("zt.") && ConfigKeys.ISSUER_KEYS.containsKey(key.substring(3))) {
            return;
        }
        if (checkNamed(key, value, source, ConfigKeys.ISSUERS_PREFIX, "issuer", ConfigKeys.ISSUER_KEYS.keySet())
                || checkNamed(key, value, source, ConfigKeys.TRANSMITTERS_PREFIX, "transmitter",
                        ConfigKeys.TRANSMITTER_KEYS.keySet())) {
            return;
        }
        throw new ConfigurationException(key, "unknown zt configuration key '" + key + "' (from " + source
                + ", value '" + value + "'); did you mean '" + Suggest.closest(key, knownFixedKeys()) + "'?");
    }

    /**
     * True when the key is one of a named family's ({@code <prefix><name>.<key>}); false when it is not of the family.
     *
     * @throws ConfigurationException for a bad name or an unknown key of the family
     */
    private static boolean checkNamed(String key, String value, String source, String prefix, String what,
            Set<String> keys) {
        if (!key.startsWith(prefix)) {
            return false;
        }
        String rest = key.substring(prefix.length());
        int dot = rest.indexOf('.');
        if (dot <= 0) {
            return false;
        }
        String name = rest.substring(0, dot);
        String sub = rest.substring(dot + 1);
        if (!ZtConfig.ISSUER_NAME.matcher(name).matches()) {
            throw new ConfigurationException(key, "'" + key + "' (from " + source + "): " + what + " name '" + name
                    + "' must be lower-case letters, digits and '-'");
        }
        if (keys.contains(sub)) {
            return true;
        }
        throw new ConfigurationException(key, "unknown zt configuration key '" + key + "' (from " + source
                + ", value '" + value + "'); did you mean '" + prefix + name + "." + Suggest.closest(sub, keys)
                + "'?");
    }

    /**
     * Checks that a secret is given by reference ({@code env:NAME} or {@code file:path}), never inline.
     *
     * @param holding what the reference holds, for the message ({@code "the client secret"})
     * @throws ConfigurationException naming the key, never the value
     */
    void requireSecretReference(String key, String value, String holding) {
        if (value != null && !(value.startsWith("env:") || value.startsWith("file:"))) {
            throw bad(key, "(not shown)", "must be env:VARIABLE or file:path holding " + holding + "; secrets are never"
                    + " written into configuration");
        }
    }

    /** The value of a key without a default, or {@code null} when unset or empty. */
    String nonEmpty(String key) {
        String v = values.get(key);
        return v == null || v.isEmpty() ? null : v;
    }

    String raw(String key, String defaultValue) {
        String v = values.get(key);
        return v == null ? defaultValue : v;
    }

    private String describe(String key, String value) {
        String origin = origins.get(key);
        return "'" + key + "' = '" + value + "'" + (origin == null ? " (default)" : " (from " + origin + ")");
    }

    ConfigurationException bad(String key, String value, String why) {
        return new ConfigurationException(key, describe(key, value) + ": " + why);
    }

    int intValue(String key, int min, int max) {
        return (int) longValue(key, min, max);
    }

    long longValue(String key, long min, long max) {
        String v = raw(key, ConfigKeys.GLOBAL.get(key));
        try {
            long n = Long.parseLong(v);
            if (n < min || n > max) {
                throw bad(key, v, "must be between " + min + " and " + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw bad(key, v, "is not a whole number");
        }
    }

    Provider cryptoProvider() {
        String key = ConfigKeys.CRYPTO_PROVIDER;
        String name = blankToNull(values.get(key));
        if (name == null) {
            return null;
        }
        Provider installed = Security.getProvider(name);
        if (installed != null) {
            return installed;
        }
        if (name.contains(".")) {
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            try {
                Class<?> type = Class.forName(name, true, loader != null ? loader : ZtConfig.class.getClassLoader());
                if (!Provider.class.isAssignableFrom(type)) {
                    throw bad(key, name, "is not a java.security.Provider");
                }
                return (Provider) type.getConstructor().newInstance();
            } catch (ClassNotFoundException e) {
                throw bad(key, name, "is neither an installed provider's name nor a class on the application's"
                        + " class path");
            } catch (ReflectiveOperationException | LinkageError e) {
                throw bad(key, name, "cannot be instantiated (" + e.getClass().getSimpleName() + ")");
            }
        }
        List<String> names = new ArrayList<>();
        for (Provider p : Security.getProviders()) {
            names.add(p.getName());
        }
        throw bad(key, name, "no JCA provider of that name is installed (installed: " + names + "); name an"
                + " installed provider or a provider class on the application's class path, e.g."
                + " org.bouncycastle.jce.provider.BouncyCastleProvider");
    }

    Set<String> cryptoProviderAlgorithms(Provider provider) {
        String key = ConfigKeys.CRYPTO_PROVIDER_ALGORITHMS;
        String v = raw(key, ConfigKeys.GLOBAL.get(key));
        Set<String> algorithms = list(v);
        if (algorithms.isEmpty()) {
            throw bad(key, v, "must name at least one algorithm");
        }
        for (String a : algorithms) {
            if (!ZtConfig.SUPPORTED_ALGORITHMS.contains(a) || a.startsWith("HS")) {
                throw bad(key, v, "'" + a + "' is not an asymmetric JWS algorithm zt verifies");
            }
            if (a.equals("EdDSA") && !EdDsaKeys.available() && values.get(key) != null) {
                throw bad(key, v, EdDsaKeys.unavailable());
            }
        }
        if (!EdDsaKeys.available()) {
            // the default names EdDSA; a JVM without it (Java 11 to 14) verifies the others with the provider
            Set<String> without = new LinkedHashSet<>(algorithms);
            without.remove("EdDSA");
            return Set.copyOf(without);
        }
        return algorithms;
    }

    /**
     * A list of asymmetric JWS algorithms zt verifies ({@code key}, default from {@code defaults.properties}); EdDSA
     * is dropped from the default on a JVM without it (Java 11 to 14) and refused when set explicitly there.
     *
     * @param why the reason symmetric or unknown algorithms are refused, for the message
     */
    Set<String> asymmetricAlgorithms(String key, String why) {
        String value = raw(key, ConfigKeys.GLOBAL.get(key));
        Set<String> algorithms = new LinkedHashSet<>();
        for (String a : list(value)) {
            if (!ZtConfig.DEFAULT_ASYMMETRIC_ALGORITHMS.contains(a)) {
                throw bad(key, value, "'" + a + "' is not an asymmetric JWS algorithm zt verifies; " + why);
            }
            if (a.equals("EdDSA") && !EdDsaKeys.available()) {
                if (values.get(key) != null) {
                    throw bad(key, value, EdDsaKeys.unavailable());
                }
                continue;
            }
            algorithms.add(a);
        }
        if (algorithms.isEmpty()) {
            throw bad(key, value, "must name at least one algorithm");
        }
        return Set.copyOf(algorithms);
    }

    boolean bool(String key) {
        String v = raw(key, ConfigKeys.GLOBAL.get(key));
        if ("true".equalsIgnoreCase(v)) {
            return true;
        }
        if ("false".equalsIgnoreCase(v)) {
            return false;
        }
        throw bad(key, v, "must be true or false");
    }

    Duration duration(String key) {
        return parseDuration(key, raw(key, ConfigKeys.GLOBAL.get(key)));
    }

    Duration positiveDuration(String key) {
        Duration d = duration(key);
        if (d.isZero()) {
            throw bad(key, raw(key, ConfigKeys.GLOBAL.get(key)), "must be longer than zero");
        }
        return d;
    }

    Duration optionalDuration(String key) {
        String v = values.get(key);
        return v == null || v.isEmpty() ? null : parseDuration(key, v);
    }

    Duration parseDuration(String key, String v) {
        try {
            return Durations.parse(v);
        } catch (IllegalArgumentException e) {
            throw bad(key, v, "is not a duration; write ISO-8601 (PT30S) or a short form (500ms, 30s, 15m, 8h,"
                    + " 1d)");
        }
    }

    /** Fails unless {@code text} is a CIDR network or an address (never resolves a name). */
    static void requireCidr(String text) {
        dev.zt.internal.net.Cidr.parse(text);
    }

    static String blankToNull(String v) {
        return v == null || v.isEmpty() ? null : v;
    }

    static Set<String> list(String v) {
        if (v == null || v.isBlank()) {
            return Set.of();
        }
        Set<String> out = new LinkedHashSet<>();
        Arrays.stream(v.split("[,\\s]+")).filter(s -> !s.isEmpty()).forEach(out::add);
        return Collections.unmodifiableSet(out);
    }
}
