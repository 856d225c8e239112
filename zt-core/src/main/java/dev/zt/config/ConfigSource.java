package dev.zt.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * One place configuration comes from. zt reads, highest precedence first: system properties ({@code zt.x.y}),
 * environment variables ({@code ZT_X_Y}), the filter's init-params, and {@code zt.properties} on the class path
 * ({@link #standard(Map, ClassLoader)}).
 *
 * <p>Only entries whose name starts with {@code zt.} (or {@code ZT_} for the environment) are considered; each of
 * those must be a key zt knows, or start-up fails.
 */
public interface ConfigSource {

    /** A name for error messages, e.g. {@code system properties}. */
    String name();

    /** The raw entries; names are {@code zt.*} keys, or {@code ZT_*} variable names when {@link #environmentNames()}. */
    Map<String, String> entries();

    /** True when {@link #entries()} uses environment variable names ({@code ZT_JWKS_URI} for {@code zt.jwks-uri}). */
    default boolean environmentNames() {
        return false;
    }

    /** A source over a fixed map of {@code zt.*} keys. */
    static ConfigSource of(String name, Map<String, String> entries) {
        Objects.requireNonNull(name, "name");
        Map<String, String> copy = Map.copyOf(entries);
        return new ConfigSource() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Map<String, String> entries() {
                return copy;
            }
        };
    }

    /** The JVM's system properties, read once now. */
    static ConfigSource systemProperties() {
        Map<String, String> map = new LinkedHashMap<>();
        Properties p = System.getProperties();
        for (String n : p.stringPropertyNames()) {
            if (n.startsWith("zt.")) {
                map.put(n, p.getProperty(n));
            }
        }
        return of("system properties", map);
    }

    /** The given environment (normally {@code System.getenv()}); names map as {@code ZT_JWKS_URI} → {@code zt.jwks-uri}. */
    static ConfigSource environment(Map<String, String> env) {
        Map<String, String> map = new LinkedHashMap<>();
        env.forEach((k, v) -> {
            if (k.startsWith("ZT_")) {
                map.put(k, v);
            }
        });
        Map<String, String> copy = Map.copyOf(map);
        return new ConfigSource() {
            @Override
            public String name() {
                return "environment";
            }

            @Override
            public Map<String, String> entries() {
                return copy;
            }

            @Override
            public boolean environmentNames() {
                return true;
            }
        };
    }

    /**
     * {@code zt.properties} from the class path (all copies are merged; the same key in two copies is an error,
     * since which one wins would depend on class path order).
     */
    static ConfigSource classpathProperties(ClassLoader loader) {
        Map<String, String> map = new LinkedHashMap<>();
        try {
            Enumeration<URL> urls = loader.getResources("zt.properties");
            while (urls.hasMoreElements()) {
                URL url = urls.nextElement();
                Properties p = new Properties();
                try (InputStream in = url.openStream()) {
                    p.load(in);
                }
                for (String n : p.stringPropertyNames()) {
                    if (map.containsKey(n) && !map.get(n).equals(p.getProperty(n))) {
                        throw new ConfigurationException(n, "'" + n + "' is set differently by two zt.properties files"
                                + " on the class path (one is " + url + "); keep one");
                    }
                    map.put(n, p.getProperty(n));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read zt.properties", e);
        }
        return of("zt.properties", map);
    }

    /** The standard sources in precedence order: system properties, environment, init-params, zt.properties. */
    static List<ConfigSource> standard(Map<String, String> initParams, ClassLoader loader) {
        return List.of(systemProperties(), environment(System.getenv()), of("init-params", initParams),
                classpathProperties(loader));
    }
}
