package dev.zt.vectors;

import dev.zt.internal.json.StrictJson;
import dev.zt.internal.keys.JwkSets;
import dev.zt.internal.keys.StaticKeySource;
import dev.zt.internal.token.CompactJws;
import dev.zt.internal.token.JwsVerifier;
import dev.zt.config.ZtConfig;
import dev.zt.spi.keys.KeySet;
import dev.zt.spi.keys.VerificationKey;
import dev.zt.testing.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Loads the public test vectors shipped under src/test/resources/vectors (see PROVENANCE.md there). */
final class Vectors {
    private Vectors() {
    }

    static Map<String, Object> load(String path) {
        try (InputStream in = Vectors.class.getResourceAsStream("/vectors/" + path)) {
            if (in == null) {
                throw new IllegalStateException("missing vector file " + path);
            }
            return StrictJson.parseObject(new String(in.readAllBytes(), StandardCharsets.UTF_8), 64);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A JWK or JWK Set as verification keys (local: secret keys allowed); unusable keys are left out. */
    @SuppressWarnings("unchecked")
    static KeySet keys(Object jwkOrSet) {
        if (jwkOrSet == null) {
            return KeySet.empty();
        }
        Map<String, Object> m = (Map<String, Object>) jwkOrSet;
        if (m.containsKey("keys")) {
            try {
                return KeySet.of(JwkSets.parse(Json.write(m), true, "vector"));
            } catch (IllegalArgumentException e) {
                return KeySet.empty(); // a refused set: every token must then fail
            }
        }
        List<VerificationKey> one = new ArrayList<>();
        try {
            one.add(JwkSets.toKey(m, true));
        } catch (IllegalArgumentException e) {
            // an unusable key: every token must then fail with key_unknown
            return KeySet.empty();
        }
        return KeySet.of(one);
    }

    /**
     * The JWS layer of zt's verifier: strict compact parsing, header rules, key selection and signature, for
     * vectors whose payloads are not JWT claim sets.
     */
    static void verifyJws(String compact, KeySet keys) {
        CompactJws jws = CompactJws.parse(compact);
        String alg = JwsVerifier.checkHeader(jws.header(), ZtConfig.SUPPORTED_ALGORITHMS);
        VerificationKey key = JwsVerifier.selectKey(alg, (String) jws.header().get("kid"),
                StaticKeySource.of(keys, "vector"));
        JwsVerifier.verifySignature(jws, alg, key);
    }
}
