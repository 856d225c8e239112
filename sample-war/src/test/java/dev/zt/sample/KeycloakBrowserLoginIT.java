package dev.zt.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zt.sample.idp.Totp;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Browser login with zt as the OpenID Connect relying party, against a real Keycloak, in a real headless Chromium.
 *
 * <p>Two applications: the sample.war the build produced, unchanged but for its configuration (the login issuer's
 * keys, docs/oidc-login.md), and a legacy WAR of two JSPs whose only change is zt's filter in {@code web.xml} with
 * {@code zt.issuer}, {@code zt.audience}, {@code zt.client-id}, {@code zt.client-secret} (keys from the discovery
 * document, no {@code jwks-uri}), one path rule, and a sign-out form. Both log users in through Keycloak's own pages,
 * step up to {@code mfa} through Keycloak's one-time-code form (for a protected page, and for a login from a new
 * country), and sign out at Keycloak too. An administrator's logout at Keycloak ends the sample's zt session by
 * back-channel logout and the legacy WAR's (whose client has no back-channel logout) at the next provider-session
 * check; disabling the user ends it at that check too ({@code 30s} here: these tests wait real time, Keycloak and
 * WildFly run on the machine's clock).
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class KeycloakBrowserLoginIT {

    private static final String CONTEXT = "sample-oidc";
    /** The browser uses "localhost", a secure context, so the __Host- Secure cookies work over plain http. */
    private static final String APP = "http://localhost:8080/" + CONTEXT;
    private static final String LEGACY_CONTEXT = "legacy-oidc";
    private static final String LEGACY = "http://localhost:8080/" + LEGACY_CONTEXT;
    /** How often zt re-checks the provider session in both applications (the smallest value it accepts). */
    private static final Duration CHECK = Duration.ofSeconds(30);

    private static Keycloak keycloak;
    private static Path secret;

    private WebDriver browser;
    private WebDriverWait wait;

    /** Starts and provisions Keycloak once for both deployments (Arquillian builds them one after the other). */
    private static synchronized Keycloak keycloak() throws Exception {
        if (keycloak == null) {
            Keycloak kc = Keycloak.start();
            try {
                kc.provision("http://127.0.0.1:8080/" + CONTEXT + "/zt/backchannel-logout");
                kc.webClient(Keycloak.WEB_CLIENT, APP + "/zt/callback", APP + "/", "http://127.0.0.1:8080/" + CONTEXT
                        + "/zt/backchannel-logout");
                kc.webClient(Keycloak.LEGACY_CLIENT, LEGACY + "/zt/callback", LEGACY + "/", null);
            } catch (Exception e) {
                kc.close();
                throw e;
            }
            secret = Path.of("target", "zt-web-client-secret").toAbsolutePath();
            Files.writeString(secret, Keycloak.WEB_CLIENT_SECRET + "\n");
            keycloak = kc;
        }
        return keycloak;
    }

    /** The sample, given the login issuer's keys (and nothing else). */
    @Deployment(name = "sample", testable = false, order = 1)
    static WebArchive sampleLoggingInAtKeycloak() throws Exception {
        String issuer = keycloak().issuer();
        WebArchive war = ShrinkWrap.create(ZipImporter.class, CONTEXT + ".war").importFrom(new File("target/sample.war"))
                .as(WebArchive.class);
        String path = "/WEB-INF/classes/zt.properties";
        String props;
        try (var in = war.get(path).getAsset().openStream()) {
            props = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
        props += "\n# Keycloak as the browsers' login provider (KeycloakBrowserLoginIT; docs/oidc-login.md)\n"
                + "zt.issuers.keycloak.issuer=" + issuer + "\n"
                + "zt.issuers.keycloak.jwks-uri=" + issuer + "/protocol/openid-connect/certs\n"
                + "zt.issuers.keycloak.audience=" + Keycloak.API_AUDIENCE + "\n"
                + "zt.issuers.keycloak.roles-claim=realm_access.roles\n"
                + "zt.issuers.keycloak.logout-audience=" + Keycloak.WEB_CLIENT + "\n"
                + "zt.issuers.keycloak.client-id=" + Keycloak.WEB_CLIENT + "\n"
                + "zt.issuers.keycloak.client-secret=file:" + secret + "\n"
                + "zt.oidc.idp-session-check=" + CHECK.toSeconds() + "s\n";
        war.delete(path);
        war.add(new StringAsset(props), path);
        return war;
    }

    /**
     * A legacy WAR: two JSPs, zt's jars (the filter's, as docs/containers.md lists them) and the filter in web.xml with
     * the keys docs/oidc-login.md names; no CDI, no code of its own.
     */
    @Deployment(name = "legacy", testable = false, order = 2)
    static WebArchive legacyWarWithOnlyTheFilter() throws Exception {
        String issuer = keycloak().issuer();
        WebArchive sample = ShrinkWrap.create(ZipImporter.class, "sample.war").importFrom(new File("target/sample.war"))
                .as(WebArchive.class);
        WebArchive war = ShrinkWrap.create(WebArchive.class, LEGACY_CONTEXT + ".war");
        for (var lib : sample.getContent(p -> p.get().startsWith("/WEB-INF/lib/")).entrySet()) {
            String name = lib.getKey().get().substring("/WEB-INF/lib/".length());
            if (name.matches("(zt-core|zt-filter|jjwt-api|jjwt-impl|caffeine|jspecify|error_prone_annotations)-.*")) {
                war.add(lib.getValue().getAsset(), lib.getKey());
            }
        }
        war.addAsWebResource(KeycloakBrowserLoginIT.class.getResource("/legacy-war/index.jsp"), "index.jsp");
        war.addAsWebResource(KeycloakBrowserLoginIT.class.getResource("/legacy-war/transfer.jsp"), "transfer.jsp");
        war.addAsResource(KeycloakBrowserLoginIT.class.getResource("/legacy-war/zt-rules.txt"), "zt-rules.txt");
        war.setWebXML(new StringAsset("""
                <?xml version="1.0" encoding="UTF-8"?>
                <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0">
                  <filter>
                    <filter-name>zt</filter-name>
                    <filter-class>dev.zt.filter.ZeroTrustFilter</filter-class>
                    <async-supported>true</async-supported>
                    <init-param><param-name>zt.issuer</param-name><param-value>%s</param-value></init-param>
                    <init-param><param-name>zt.audience</param-name><param-value>%s</param-value></init-param>
                    <init-param><param-name>zt.client-id</param-name><param-value>%s</param-value></init-param>
                    <init-param><param-name>zt.client-secret</param-name><param-value>file:%s</param-value></init-param>
                    <init-param><param-name>zt.rules</param-name><param-value>classpath:zt-rules.txt</param-value></init-param>
                    <init-param><param-name>zt.oidc.idp-session-check</param-name><param-value>%ds</param-value></init-param>
                  </filter>
                  <filter-mapping><filter-name>zt</filter-name><url-pattern>/*</url-pattern></filter-mapping>
                </web-app>
                """.formatted(issuer, Keycloak.API_AUDIENCE, Keycloak.LEGACY_CLIENT, secret, CHECK.toSeconds())));
        return war;
    }

    @AfterAll
    static void stopKeycloak() {
        if (keycloak != null) {
            keycloak.close();
        }
    }

    @BeforeEach
    void startBrowser() throws Exception {
        browser = Chromium.start();
        wait = new WebDriverWait(browser, Duration.ofSeconds(30));
    }

    @AfterEach
    void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    /** Waits for an element; a timeout names the page the browser is on instead. */
    private void await(By element) {
        try {
            wait.until(ExpectedConditions.presenceOfElementLocated(element));
        } catch (org.openqa.selenium.TimeoutException e) {
            String text = browser.findElement(By.tagName("body")).getText();
            throw new AssertionError("no " + element + " on " + browser.getCurrentUrl() + " (" + browser.getTitle()
                    + "): " + text.substring(0, Math.min(400, text.length())), e);
        }
    }

    /** Keycloak's password form, filled in. */
    private void keycloakPassword(String user) {
        await(By.id("username"));
        assertThat(browser.getCurrentUrl()).startsWith(keycloak.issuer() + "/protocol/openid-connect/auth");
        browser.findElement(By.id("username")).sendKeys(user);
        browser.findElement(By.id("password")).sendKeys(user + "-password");
        browser.findElement(By.id("kc-login")).click();
    }

    /** Keycloak's one-time-code form, asked for by zt's {@code acr_values=mfa}, filled in. */
    private void keycloakOneTimeCode() {
        await(By.id("otp"));
        assertThat(browser.getCurrentUrl()).startsWith(keycloak.issuer()).contains("acr_values=mfa");
        browser.findElement(By.id("otp")).sendKeys(Totp.code(Keycloak.OTP_SECRET_BASE32, Instant.now()));
        browser.findElement(By.id("kc-login")).click();
    }

    /** Logs in from an application's home page; returns when the home page shows the user. */
    private void login(String app, String user) {
        browser.get(app + "/");
        keycloakPassword(user);
        await(By.id("user"));
        assertThat(browser.getCurrentUrl()).isEqualTo(app + "/");
        assertThat(browser.findElement(By.id("user")).getText()).isNotBlank();
    }

    /** The browser, sent to the application, ends up on Keycloak's login page: it has no zt session. */
    private void assertLoggedOut(String app) {
        browser.get(app + "/");
        await(By.id("username"));
        assertThat(browser.getCurrentUrl()).startsWith(keycloak.issuer());
    }

    /**
     * Sleeps until {@code interval} (and a second) after {@code since}: a provider-session check is then due. Real
     * time, because the check runs in WildFly against Keycloak, two other processes whose clocks a test cannot move;
     * the interval is the shortest zt accepts (30 s). The same check with a moved clock: BrowserLoginTest.
     */
    private static void sleepPast(Instant since, Duration interval) throws InterruptedException {
        Thread.sleep(Math.max(0, Duration.between(Instant.now(), since.plus(interval).plusSeconds(1)).toMillis()));
    }

    @Test
    void loginAtKeycloakThenStepUpWithItsOneTimeCodeThenSignOutThere() {
        login(APP, "carol");
        assertThat(browser.findElement(By.id("acr")).getText()).isEqualTo("pwd");

        browser.findElement(By.id("transfer-link")).click(); // acr=mfa: zt sends the browser back to Keycloak
        keycloakOneTimeCode();

        await(By.id("amount"));
        assertThat(browser.getCurrentUrl()).isEqualTo(APP + "/transfer");
        browser.findElement(By.id("send")).click();
        await(By.id("done"));
        assertThat(browser.findElement(By.id("done")).getText()).isEqualTo("Transfer of 100 done");

        browser.get(APP + "/");
        await(By.id("acr"));
        assertThat(browser.findElement(By.id("acr")).getText()).isEqualTo("mfa");
        browser.findElement(By.id("logout")).click(); // zt's session ends, then Keycloak's (RP-initiated logout)
        await(By.id("username"));
        assertThat(browser.getCurrentUrl()).as("back at the application, which asks for a new login")
                .startsWith(keycloak.issuer() + "/protocol/openid-connect/auth");
        assertLoggedOut(APP);
    }

    @Test
    void aRequestFromANewCountryIsSentToKeycloakForTheOneTimeCode() {
        login(APP, "frank");
        assertThat(browser.findElement(By.id("acr")).getText()).isEqualTo("pwd");
        assertThat(browser.findElement(By.id("country")).getText()).isEqualTo("DE");

        // the sample believes X-Forwarded-For from 127.0.0.1 (its demo proxy); 198.51.100.0/24 is France
        ChromeDriver chrome = (ChromeDriver) browser;
        chrome.executeCdpCommand("Network.enable", Map.of());
        chrome.executeCdpCommand("Network.setExtraHTTPHeaders", Map.of("headers",
                Map.of("X-Forwarded-For", "198.51.100.7")));
        browser.get(APP + "/");
        keycloakOneTimeCode(); // the risk engine asked for mfa; Keycloak still knows the password

        await(By.id("acr"));
        assertThat(browser.getCurrentUrl()).isEqualTo(APP + "/");
        assertThat(browser.findElement(By.id("acr")).getText()).isEqualTo("mfa");
        assertThat(browser.findElement(By.id("country")).getText()).isEqualTo("FR");
        browser.get(APP + "/");
        await(By.id("acr"));
        assertThat(browser.findElement(By.id("country")).getText()).as("the stepped-up session goes on from France")
                .isEqualTo("FR");
    }

    @Test
    void administratorsLogoutAtKeycloakEndsTheZtSessionByBackChannelLogout() throws Exception {
        login(APP, "dave");
        keycloak.adminLogout("dave"); // Keycloak posts a logout token to the sample before it answers
        assertLoggedOut(APP);
    }

    @Test
    void disablingTheUserAtKeycloakEndsTheZtSessionAtTheNextProviderCheck() throws Exception {
        login(APP, "erin");
        Instant loggedIn = Instant.now(); // the session exists (and was confirmed by Keycloak) before this instant
        keycloak.disable("erin"); // no logout: no back-channel logout reaches the sample
        browser.get(APP + "/");
        await(By.id("user"));
        assertThat(browser.getCurrentUrl()).as("until the check is due, the session goes on").isEqualTo(APP + "/");
        sleepPast(loggedIn, CHECK);
        assertLoggedOut(APP);
    }

    @Test
    void legacyWarWithOnlyTheFilterLogsInStepsUpAndSignsOutAtKeycloak() {
        login(LEGACY, "hana"); // a user of her own: Keycloak takes each one-time code of a user once
        assertThat(browser.getTitle()).isEqualTo("legacy app");
        assertThat(browser.findElement(By.id("acr")).getText()).isEqualTo("pwd");

        browser.findElement(By.id("transfer-link")).click(); // the path rule asks for acr=mfa
        keycloakOneTimeCode();
        await(By.id("done"));
        assertThat(browser.getCurrentUrl()).isEqualTo(LEGACY + "/transfer.jsp");
        assertThat(browser.findElement(By.id("done")).getText()).endsWith("acr mfa");

        browser.get(LEGACY + "/");
        await(By.id("logout"));
        browser.findElement(By.id("logout")).click(); // the CSRF token from the JSP's form; then Keycloak's logout
        await(By.id("username"));
        assertThat(browser.getCurrentUrl()).startsWith(keycloak.issuer() + "/protocol/openid-connect/auth");
        assertLoggedOut(LEGACY);
    }

    @Test
    void administratorsLogoutWithoutBackChannelLogoutEndsTheLegacySessionAtTheNextProviderCheck() throws Exception {
        login(LEGACY, "gina");
        Instant loggedIn = Instant.now();
        keycloak.adminLogout("gina"); // the legacy client has no back-channel logout URL: nothing reaches zt now
        browser.get(LEGACY + "/");
        await(By.id("user"));
        assertThat(browser.getCurrentUrl()).as("until the check is due, the session goes on").isEqualTo(LEGACY + "/");
        sleepPast(loggedIn, CHECK);
        assertLoggedOut(LEGACY);
    }
}
