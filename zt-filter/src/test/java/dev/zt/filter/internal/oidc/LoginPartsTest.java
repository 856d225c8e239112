package dev.zt.filter.internal.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.servlet.http.HttpServletRequest;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The browser login's parts on their own: the return path, the sealed login state, the callback's query, PKCE. */
class LoginPartsTest {

    private static HttpServletRequest request(String contextPath) {
        return (HttpServletRequest) Proxy.newProxyInstance(LoginPartsTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, m, args) -> m.getName().equals("getContextPath")
                        ? contextPath : null);
    }

    @Test
    void returnToIsAlwaysAPathOfThisApplication() {
        HttpServletRequest req = request("/app");
        for (String evil : List.of("//evil.example/x", "https://evil.example/", "/\\evil.example", "/other/x",
                "/app\r\nSet-Cookie: x=y", "", "javascript:alert(1)", "/app/\u0000", "/app/ x", "/application/x",
                "/app2/", "/app", "/app?x=1", "/app\\x")) {
            assertThat(BrowserLogin.returnTo(req, evil)).as(evil).isEqualTo("/app/");
        }
        assertThat(BrowserLogin.returnTo(req, null)).isEqualTo("/app/");
        assertThat(BrowserLogin.returnTo(req, "/app/orders?x=1")).isEqualTo("/app/orders?x=1");
        assertThat(BrowserLogin.returnTo(request(""), "//evil.example")).isEqualTo("/");
        assertThat(BrowserLogin.returnTo(request(""), "/orders")).isEqualTo("/orders");
    }

    @Test
    void sealedStateOpensOnlyUnchangedAndUnderTheSameSecret() {
        LoginState.Sealer sealer = new LoginState.Sealer("secret-a");
        LoginState s = new LoginState("st", "no", "ve", "/app/x", "https://app/zt/callback", "mfa", 300, 1_800_000_000L);
        String sealed = sealer.seal(s);
        LoginState open = new LoginState.Sealer("secret-a").open(sealed); // another node, same client secret
        assertThat(open.state).isEqualTo("st");
        assertThat(open.nonce).isEqualTo("no");
        assertThat(open.verifier).isEqualTo("ve");
        assertThat(open.returnTo).isEqualTo("/app/x");
        assertThat(open.redirectUri).isEqualTo("https://app/zt/callback");
        assertThat(open.acr).isEqualTo("mfa");
        assertThat(open.maxAge).isEqualTo(300);
        assertThat(open.expiresAt).isEqualTo(1_800_000_000L);
        String secretish = "verifier-0123456789abcdefghijklmnop";
        assertThat(sealer.seal(new LoginState("state-0123456789", "nonce", secretish, "/app/x", "u", null, -1, 1,
                "session-0123456789"))).doesNotContain(secretish).doesNotContain("session-0123456789")
                .doesNotContain("state-0123456789");
        assertThat(new LoginState.Sealer("secret-a").open(sealer.seal(new LoginState("s", "n", "v", "/", "u", "mfa",
                -1, 1, "sid-1"))).sessionId).isEqualTo("sid-1");
        assertThat(new LoginState.Sealer("secret-b").open(sealed)).isNull();
        for (int i = 0; i < sealed.length(); i += 7) {
            char c = sealed.charAt(i) == 'A' ? 'B' : 'A';
            assertThat(sealer.open(sealed.substring(0, i) + c + sealed.substring(i + 1))).isNull();
        }
        assertThat(sealer.open("")).isNull();
        assertThat(sealer.open("not base64 !")).isNull();
        assertThat(sealer.open("A".repeat(5000))).isNull();
        assertThat(sealer.open(sealed.substring(0, 20))).isNull();
        LoginState login = sealer.open(sealer.seal(new LoginState("a", "b", "c", "/", "u", null, -1, 1)));
        assertThat(login.acr).isNull();
        assertThat(login.maxAge).isEqualTo(-1);
    }

    @Test
    void providerGrantIsSealedApartFromLoginStates() {
        LoginState.Sealer sealer = new LoginState.Sealer("secret-a");
        String sealed = sealer.sealGrant(new ProviderGrant("rt-1", "id.token.x", 1_800_000_000L, false));
        ProviderGrant g = new LoginState.Sealer("secret-a").openGrant(sealed);
        assertThat(g.refreshToken).isEqualTo("rt-1");
        assertThat(g.idToken).isEqualTo("id.token.x");
        assertThat(g.confirmedAt).isEqualTo(1_800_000_000L);
        assertThat(g.deferred).isFalse();
        assertThat(sealer.openGrant(sealer.sealGrant(g.deferring())).deferred).isTrue();
        assertThat(sealer.sealGrant(new ProviderGrant("refresh-token-0123456789", null, 1, false)))
                .doesNotContain("refresh-token-0123456789");
        assertThat(new LoginState.Sealer("secret-b").openGrant(sealed)).isNull();
        assertThat(sealer.open(sealed)).as("a grant is no login state").isNull();
        String state = sealer.seal(new LoginState("a", "b", "c", "/", "u", null, -1, 1));
        assertThat(sealer.openGrant(state)).as("a login state is no grant").isNull();
        assertThat(sealer.openGrant(null)).isNull();
        assertThat(sealer.openGrant("A".repeat(40_000))).isNull();
    }

    @Test
    void callbackQueryIsDecodedAndADuplicateOrJunkIsRefused() {
        assertThat(BrowserLogin.query("code=a%2Bb&state=x+y&iss=https%3A%2F%2Fidp")).isEqualTo(Map.of("code", "a+b",
                "state", "x y", "iss", "https://idp"));
        assertThat(BrowserLogin.query(null)).isEmpty();
        assertThatThrownBy(() -> BrowserLogin.query("state=a&state=b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BrowserLogin.query("state=%zz")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BrowserLogin.query("a=" + "x".repeat(9000))).isInstanceOf(
                IllegalArgumentException.class);
        assertThatThrownBy(() -> BrowserLogin.query("a=1&".repeat(21))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void pkceChallengeIsRfc7636AppendixB() {
        assertThat(BrowserLogin.challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"))
                .isEqualTo("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
    }

    @Test
    void loginCookiesAreNamedPerLogin() {
        assertThat(BrowserLogin.cookieName("abcdefghijklmnopq")).isEqualTo("__Host-zt-login-abcdefghijkl");
        assertThat(BrowserLogin.cookieName("a;b=c")).isEqualTo("__Host-zt-login-a_b_c");
    }

    @Test
    void pagesEscapeWhatTheyShow() {
        assertThat(LoginPages.escape("<a href=\"x\" onclick='y'>&")).isEqualTo(
                "&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;");
    }
}
