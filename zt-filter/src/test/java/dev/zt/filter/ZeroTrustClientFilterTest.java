package dev.zt.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zt.spi.risk.Decision;
import dev.zt.ZeroTrustContext;
import dev.zt.token.VerifiedToken;
import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;

import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ZeroTrustClientFilterTest {

    private static ClientRequestContext context(MultivaluedMap<String, Object> headers) {
        return (ClientRequestContext) Proxy.newProxyInstance(ClientRequestContext.class.getClassLoader(),
                new Class<?>[] {ClientRequestContext.class}, (p, m, a) -> {
                    if (m.getName().equals("getHeaders")) {
                        return headers;
                    }
                    throw new UnsupportedOperationException(m.getName());
                });
    }

    private static jakarta.servlet.ServletRequest request(Map<String, Object> attributes) {
        return (jakarta.servlet.ServletRequest) Proxy.newProxyInstance(getLoader(),
                new Class<?>[] {jakarta.servlet.ServletRequest.class}, (p, m, a) -> {
                    if (m.getName().equals("getAttribute")) {
                        return attributes.get((String) a[0]);
                    }
                    throw new UnsupportedOperationException(m.getName());
                });
    }

    private static ClassLoader getLoader() {
        return ZeroTrustClientFilterTest.class.getClassLoader();
    }

    @Test
    void propagatingWhenRequestVerifiedThenCallerTokenAttached() throws Exception {
        VerifiedToken t = VerifiedToken.builder().algorithm("RS256").issuer("i").subject("alice")
                .expiresAt(Instant.now()).build();
        Map<String, Object> attributes = new HashMap<>();
        attributes.put(ZeroTrustContext.ATTRIBUTE, ZeroTrustContext.builder().token(t).bearerToken("the.caller.token")
                .clientAddress("127.0.0.1").decision(Decision.allow()).build());
        MultivaluedMap<String, Object> headers = new MultivaluedHashMap<>();
        ZeroTrustClientFilter.propagating(request(attributes)).filter(context(headers));
        assertThat(headers.getFirst("Authorization")).isEqualTo("Bearer the.caller.token");
    }

    @Test
    void propagatingWhenNoVerifiedCallerThenCallFailsInsteadOfGoingUnauthenticated() {
        MultivaluedMap<String, Object> headers = new MultivaluedHashMap<>();
        assertThatThrownBy(() -> ZeroTrustClientFilter.propagating(request(Map.of())).filter(context(headers)))
                .isInstanceOf(IllegalStateException.class);
        assertThat(headers).isEmpty();
    }

    @Test
    void aDpopBoundServiceTokenGoesWithAProofOfEachCall(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path signing = dir.resolve("svc.key");
        java.nio.file.Path dpop = dir.resolve("dpop.key");
        java.nio.file.Files.writeString(signing, "-----BEGIN PRIVATE KEY-----\n" + java.util.Base64.getMimeEncoder()
                .encodeToString(dev.zt.testing.TestKeys.ec("secp256r1").getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
        java.security.KeyPair client = dev.zt.testing.TestKeys.ec("secp256r1");
        java.nio.file.Files.writeString(dpop, "-----BEGIN PRIVATE KEY-----\n" + java.util.Base64.getMimeEncoder()
                .encodeToString(client.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n");
        dev.zt.config.ZtConfig config = dev.zt.config.ZtConfig.fromMap(Map.of("zt.service.id", "urn:zt:service:a",
                "zt.service.signing-key", "file:" + signing, "zt.service.dpop-key", "file:" + dpop));
        dev.zt.service.ServiceTokens tokens = dev.zt.internal.keys.DefaultServiceTokens.fromConfig(config,
                java.time.Clock.systemUTC(), getLoader(), dev.zt.internal.pop.DpopSigner.configured(config,
                        java.time.Clock.systemUTC(), getLoader()));
        MultivaluedMap<String, Object> headers = new jakarta.ws.rs.core.MultivaluedHashMap<>();
        ClientRequestContext ctx = (ClientRequestContext) Proxy.newProxyInstance(getLoader(),
                new Class<?>[] {ClientRequestContext.class}, (p, m, a) -> {
                    switch (m.getName()) {
                        case "getHeaders":
                            return headers;
                        case "getMethod":
                            return "POST";
                        case "getUri":
                            return java.net.URI.create("https://reports.example.test/api/r?x=1");
                        default:
                            throw new UnsupportedOperationException(m.getName());
                    }
                });
        ZeroTrustClientFilter.serviceToken(tokens, "api://reports").filter(ctx);
        String token = tokens.tokenFor("api://reports");
        assertThat(headers.getFirst("Authorization")).isEqualTo("DPoP " + token);
        String proof = (String) headers.getFirst("DPoP");
        Map<String, Object> claims = dev.zt.internal.token.CompactJws.parse(proof).claims();
        assertThat(claims).containsEntry("htm", "POST").containsEntry("htu", "https://reports.example.test/api/r")
                .containsEntry("ath", dev.zt.testing.DpopProof.hash(token));
        assertThat(dev.zt.internal.token.CompactJws.parse(proof).header()).containsEntry("typ", "dpop+jwt");
        ZeroTrustClientFilter.serviceToken(tokens, "api://reports").filter(ctx);
        assertThat(headers.getFirst("DPoP")).isNotEqualTo(proof); // a fresh proof per call
    }
}
