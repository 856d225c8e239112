package dev.zt.internal.pop;

import dev.zt.internal.json.JsonWriter;
import dev.zt.config.ConfigKeys;
import dev.zt.config.ConfigurationException;
import dev.zt.config.ZtConfig;
import dev.zt.internal.keys.DefaultServiceTokens;
import dev.zt.internal.keys.SigningKeys;
import dev.zt.internal.token.Base64Url;
import io.jsonwebtoken.security.Jwks;
import io.jsonwebtoken.security.PublicJwk;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.Signature;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Makes DPoP proofs (RFC 9449 section 4.2) with a client key, for zt's own outgoing calls: header {@code typ}
 * {@code dpop+jwt}, the key's algorithm and its public {@code jwk}; claims {@code jti} (random), {@code htm},
 * {@code htu} (the URL without query and fragment), {@code iat} and {@code ath}.
 */
public final class DpopSigner implements DefaultServiceTokens.Prover {

    private final SigningKeys keys;
    private final Clock clock;
    private final Map<String, String> jwk;
    private final String thumbprint;
    private final SecureRandom random = new SecureRandom();

    /** A signer with {@code keys} (EC, RSA or Ed25519). */
    public DpopSigner(SigningKeys keys, Clock clock) {
        this.keys = keys;
        this.clock = clock;
        PublicJwk<?> pub = Jwks.builder().key((java.security.PublicKey) keys.verificationKey().key()).build();
        Map<String, String> members = new LinkedHashMap<>();
        for (String m : new String[] {"kty", "crv", "e", "n", "x", "y"}) {
            Object v = pub.get(m);
            if (v != null) {
                members.put(m, v.toString());
            }
        }
        this.jwk = java.util.Collections.unmodifiableMap(members);
        this.thumbprint = Thumbprints.jwk(new LinkedHashMap<>(members));
    }

    /**
     * The signer of {@code zt.service.dpop-key}, or null when it is not set.
     *
     * @throws ConfigurationException when the key is unusable or is the service's signing key
     */
    public static DpopSigner configured(ZtConfig config, Clock clock, ClassLoader loader) {
        String dpopKey = config.setting(ConfigKeys.SERVICE_DPOP_KEY).orElse("");
        if (dpopKey.isEmpty()) {
            return null;
        }
        if (dpopKey.equals(config.setting(ConfigKeys.SERVICE_SIGNING_KEY).orElse(""))) {
            throw new ConfigurationException(ConfigKeys.SERVICE_DPOP_KEY, ConfigKeys.SERVICE_DPOP_KEY + " must be"
                    + " another key than " + ConfigKeys.SERVICE_SIGNING_KEY + ": the token's signer is not the client"
                    + " that proves possession");
        }
        try {
            return new DpopSigner(SigningKeys.load(dpopKey, loader), clock);
        } catch (RuntimeException e) {
            throw new ConfigurationException(ConfigKeys.SERVICE_DPOP_KEY, "cannot use " + ConfigKeys.SERVICE_DPOP_KEY
                    + " " + dpopKey + ": " + e.getMessage());
        }
    }

    /** The RFC 7638 thumbprint of the key: the {@code cnf.jkt} of tokens bound to it. */
    @Override
    public String thumbprint() {
        return thumbprint;
    }

    /** A proof for one request with {@code accessToken}. */
    @Override
    public String proof(String method, URI url, String accessToken) {
        byte[] id = new byte[16];
        random.nextBytes(id);
        String htu = url.getScheme() + "://" + url.getRawAuthority() + (url.getRawPath() == null || url.getRawPath().isEmpty()
                ? "/" : url.getRawPath());
        String header = JsonWriter.object(JsonWriter.UNLIMITED).field("typ", "dpop+jwt").field("alg", keys.algorithm())
                .strings("jwk", jwk).end();
        String claims = JsonWriter.object(JsonWriter.UNLIMITED).field("jti", Base64Url.encode(id)).field("htm", method)
                .field("htu", htu).field("iat", clock.instant().getEpochSecond())
                .field("ath", Thumbprints.accessToken(accessToken)).end();
        String input = Base64Url.encode(header.getBytes(StandardCharsets.UTF_8)) + "."
                + Base64Url.encode(claims.getBytes(StandardCharsets.UTF_8));
        return input + "." + Base64Url.encode(sign(input.getBytes(StandardCharsets.US_ASCII)));
    }

    private byte[] sign(byte[] input) {
        String alg = keys.algorithm();
        String jca = alg.startsWith("ES") ? "SHA" + alg.substring(2) + "withECDSAinP1363Format"
                : alg.equals("RS256") ? "SHA256withRSA" : "Ed25519";
        try {
            Signature s = Signature.getInstance(jca);
            s.initSign(keys.privateKey());
            s.update(input);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a DPoP proof with " + alg + ": " + e.getMessage(), e);
        }
    }
}
