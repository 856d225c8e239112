package dev.zt.config;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.Set;

/** Reads the configuration keys that zt modules declare in their {@value #RESOURCE} resources. */
final class ModuleKeys {

    static final String RESOURCE = "META-INF/zt/configuration-keys";

    private ModuleKeys() {
    }

    static ClassLoader defaultLoader() {
        ClassLoader tccl = Thread.currentThread().getContextClassLoader();
        return tccl != null ? tccl : ZtConfig.class.getClassLoader();
    }

    /** Every key listed by a resource of the loader; blank lines and {@code #} comments are skipped. */
    static Set<String> declared(ClassLoader loader) {
        Set<String> keys = new LinkedHashSet<>();
        try {
            Enumeration<URL> resources = loader.getResources(RESOURCE);
            while (resources.hasMoreElements()) {
                URL url = resources.nextElement();
                try (BufferedReader in = new BufferedReader(new InputStreamReader(url.openStream(),
                        StandardCharsets.UTF_8))) {
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        String key = line.strip();
                        if (key.isEmpty() || key.startsWith("#")) {
                            continue;
                        }
                        if (!key.matches("zt\\.[a-z0-9-]+(\\.[a-z0-9-]+)*")) {
                            throw new ConfigurationException(key, "a zt module declares '" + key + "' in " + url
                                    + ": not a zt.* key");
                        }
                        keys.add(key);
                    }
                }
            }
        } catch (IOException e) {
            throw new ConfigurationException(null, "cannot read the module keys (" + RESOURCE + "): " + e, e);
        }
        return keys;
    }
}
