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
}
