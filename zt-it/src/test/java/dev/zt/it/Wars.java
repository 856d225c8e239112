package dev.zt.it;

import dev.zt.testing.Signer;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** Builds one small WAR per scenario: zt's jars, the filter in web.xml with init-params, test servlets. */
final class Wars {
    private Wars() {
    }

    /** PEM text of a key ({@code PUBLIC KEY} or {@code PRIVATE KEY}). */
    static String pem(Key key) {
        String type = key instanceof java.security.PrivateKey ? "PRIVATE KEY" : "PUBLIC KEY";
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(key.getEncoded()) + "\n-----END " + type + "-----\n";
    }

    static final class Builder {
        private final WebArchive war;
        private final Map<String, String> params = new LinkedHashMap<>();
        private final StringBuilder servlets = new StringBuilder();
        private final StringBuilder contextParams = new StringBuilder();
        private final boolean javax;

        Builder(String name, boolean javax) {
            this.javax = javax;
            war = ShrinkWrap.create(WebArchive.class, name + ".war");
            for (String lib : System.getProperty(javax ? "zt.it.javax-libs" : "zt.it.libs", "").split(
                    File.pathSeparator)) {
                if (!lib.isBlank()) {
                    war.addAsLibrary(new File(lib));
                }
            }
        }

        /** Adds zt-store-redis and its libraries (Lettuce, Netty, Reactor), for {@code zt.store=redis}. */
        Builder redis() {
            for (String lib : System.getProperty("zt.it.redis-libs", "").split(File.pathSeparator)) {
                if (!lib.isBlank()) {
                    war.addAsLibrary(new File(lib));
                }
            }
            return this;
        }

        Builder param(String key, String value) {
            params.put(key, value);
            return this;
        }

        Builder contextParam(String name, String value) {
            contextParams.append("  <context-param><param-name>").append(name).append("</param-name><param-value>")
                    .append(value).append("</param-value></context-param>\n");
            return this;
        }

        Builder resource(String name, String content) {
            war.addAsResource(new StringAsset(content), name);
            return this;
        }

        Builder servlet(Class<?> type, String mapping) {
            war.addClass(type);
            String name = type.getSimpleName();
            servlets.append("  <servlet><servlet-name>").append(name).append("</servlet-name><servlet-class>")
                    .append(type.getName()).append("</servlet-class></servlet>\n  <servlet-mapping><servlet-name>")
                    .append(name).append("</servlet-name><url-pattern>").append(mapping)
                    .append("</url-pattern></servlet-mapping>\n");
            return this;
        }

        WebArchive build() {
            StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                    + (javax ? "<web-app xmlns=\"http://xmlns.jcp.org/xml/ns/javaee\" version=\"4.0\">\n"
                    : "<web-app xmlns=\"https://jakarta.ee/xml/ns/jakartaee\" version=\"6.0\">\n")
                    + contextParams
                    + "  <filter>\n    <filter-name>zt</filter-name>\n"
                    + "    <filter-class>dev.zt.filter.ZeroTrustFilter</filter-class>\n"
                    + "    <async-supported>true</async-supported>\n");
            params.forEach((k, v) -> xml.append("    <init-param><param-name>").append(k)
                    .append("</param-name><param-value>").append(v).append("</param-value></init-param>\n"));
            xml.append("  </filter>\n  <filter-mapping><filter-name>zt</filter-name><url-pattern>/*</url-pattern>"
                    + "</filter-mapping>\n").append(servlets).append("</web-app>\n");
            war.setWebXML(new StringAsset(xml.toString()));
            return war;
        }
    }

    static Builder war(String name) {
        return new Builder(name, false);
    }

    /**
     * A Java EE 8 WAR: zt-filter-javax and zt-cdi-javax instead of the jakarta jars, a Servlet 4 {@code web.xml}; the
     * caller adds javax classes (e.g. from {@link #addJavaxClasses}).
     */
    static Builder javaxWar(String name) {
        return new Builder(name, true);
    }

    /** Adds the javax versions (the build's transformed copies) of every class of {@code pkg}, nested ones too. */
    static void addJavaxClasses(WebArchive war, String pkg) {
        File dir = new File(System.getProperty("zt.it.javax-classes"), pkg.replace('.', '/'));
        File[] classes = dir.listFiles((d, n) -> n.endsWith(".class"));
        if (classes == null || classes.length == 0) {
            throw new IllegalStateException("no transformed classes in " + dir);
        }
        for (File c : classes) {
            war.add(new org.jboss.shrinkwrap.api.asset.FileAsset(c), "WEB-INF/classes/" + pkg.replace('.', '/') + "/"
                    + c.getName());
        }
    }

    /** Signs with the JDK so the test keeps full control of the token. */
    static String sign(dev.zt.testing.TestTokens token, Key key) {
        return token.sign("RS256", key);
    }

    static String b64(String s) {
        return Signer.b64(s);
    }
}
