package dev.zt.internal.jdk;

import dev.zt.config.ConfigSource;
import dev.zt.config.ZtConfig;
import dev.zt.internal.keys.SigningKeys;
import dev.zt.spi.keys.VerificationKey;
import dev.zt.testing.TestKeys;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * What zt's configuration and keys make of EdDSA, as text: run in the JVM's own loader (Java 17, EdDSA present) and in
 * {@link EdDsaAbsentTest}'s loader that hides the JDK's EdDSA types (as on Java 11 to 14).
 */
public final class EdDsaProbe implements Supplier<Map<String, String>> {

    @Override
    public Map<String, String> get() {
        Map<String, String> out = new LinkedHashMap<>();
        try {
            Path pem = Files.createTempFile("zt-probe", ".pem");
            Files.writeString(pem, "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(
                    TestKeys.RSA.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n");
            Map<String, String> base = Map.of("zt.issuer", "https://idp.example", "zt.audience", "api",
                    "zt.public-key", "file:" + pem);
            out.put("available", String.valueOf(EdDsaKeys.available()));
            out.put("default", String.valueOf(new TreeSet<>(config(base, Map.of()).issuers().values().iterator()
                    .next().algorithms())));
            out.put("explicit", attempt(() -> config(base, Map.of("zt.algorithms", "EdDSA ES256")).issuers().size()));
            out.put("provider-default", String.valueOf(new TreeSet<>(config(base, Map.of("zt.crypto.provider",
                    "SunEC")).cryptoProviderAlgorithms())));
            out.put("provider-explicit", attempt(() -> config(base, Map.of("zt.crypto.provider", "SunEC",
                    "zt.crypto.provider-algorithms", "EdDSA")).cryptoProviderAlgorithms()));
            Path okp = Files.createTempFile("zt-probe", ".jwk");
            Files.writeString(okp, "{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo\","
                    + "\"d\":\"nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A\"}");
            out.put("session-key", attempt(() -> SigningKeys.load("file:" + okp, getClass().getClassLoader())
                    .algorithm()));
            java.security.PublicKey ed = KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic();
            out.put("verification-key", attempt(() -> VerificationKey.of("k", null, ed).keyId()));
        } catch (Exception e) {
            out.put("probe-failed", e.toString());
        }
        return out;
    }

    private static ZtConfig config(Map<String, String> base, Map<String, String> extra) {
        Map<String, String> all = new LinkedHashMap<>(base);
        all.putAll(extra);
        return ZtConfig.builder().source(ConfigSource.of("probe", all)).build();
    }

    private static String attempt(Supplier<Object> s) {
        try {
            return "ok " + s.get();
        } catch (RuntimeException e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }
}
