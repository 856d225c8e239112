package dev.zt.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zt.sample.idp.Totp;

import java.io.File;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
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
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Browser login with zt as the OpenID Connect relying party, against a real Keycloak, in a real headless Chromium:
 * the sample.war the build produced, unchanged but for its configuration (the login issuer's keys, docs/oidc-login.md),
 * logs a user in through Keycloak's own pages, steps up to {@code mfa} through Keycloak's one-time-code form for a
 * protected action, and signs out at Keycloak too; an administrator's logout at Keycloak ends the zt session by
 * back-channel logout, and disabling the user ends it at the next provider-session check ({@code 30s} here: this test
 * waits real time, Keycloak and WildFly run on the machine's clock).
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class KeycloakBrowserLoginIT {

    private static final String CONTEXT = "sample-oidc";
    /** The browser uses "localhost", a secure context, so the __Host- Secure cookies work over plain http. */
    private static final String APP = "http://localhost:8080/" + CONTEXT;

    private static Keycloak keycloak;

    @ArquillianResource
    private URL base;

    private WebDriver browser;
    private WebDriverWait wait;

    /** Starts and provisions Keycloak, then gives the sample the login issuer's keys (and nothing else). */
    @Deployment(testable = false)
    static WebArchive sampleLoggingInAtKeycloak() throws Exception {
        keycloak = Keycloak.start();
        keycloak.provision("http://127.0.0.1:8080/" + CONTEXT + "/zt/backchannel-logout");
        keycloak.webClient(APP + "/zt/callback", APP + "/", "http://127.0.0.1:8080/" + CONTEXT
                + "/zt/backchannel-logout");
        Path secret = Path.of("target", "zt-web-client-secret").toAbsolutePath();
        Files.writeString(secret, Keycloak.WEB_CLIENT_SECRET + "\n");
        WebArchive war = ShrinkWrap.create(ZipImporter.class, CONTEXT + ".war").importFrom(new File("target/sample.war"))
                .as(WebArchive.class);
        String path = "/WEB-INF/classes/zt.properties";
        String props;
        try (var in = war.get(path).getAsset().openStream()) {
            props = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
        String issuer = keycloak.issuer();
        props += "\n# Keycloak as the browsers' login provider (KeycloakBrowserLoginIT; docs/oidc-login.md)\n"
                + "zt.issuers.keycloak.issuer=" + issuer + "\n"
                + "zt.issuers.keycloak.jwks-uri=" + issuer + "/protocol/openid-connect/certs\n"
                + "zt.issuers.keycloak.audience=" + Keycloak.API_AUDIENCE + "\n"
                + "zt.issuers.keycloak.roles-claim=realm_access.roles\n"
                + "zt.issuers.keycloak.logout-audience=" + Keycloak.WEB_CLIENT + "\n"
                + "zt.issuers.keycloak.client-id=" + Keycloak.WEB_CLIENT + "\n"
                + "zt.issuers.keycloak.client-secret=file:" + secret + "\n"
                + "zt.oidc.idp-session-check=30s\n";
        war.delete(path);
        war.add(new StringAsset(props), path);
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
        ChromeOptions options = new ChromeOptions();
        options.setBinary(System.getProperty("zt.chromium", "/usr/bin/chromium"));
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + Files.createTempDirectory("zt-chromium"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(System.getProperty("zt.chromedriver", "/usr/bin/chromedriver")))
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
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

    /** Logs in from the home page; returns when the sample's home page shows the user. */
    private void login(String user) {
        browser.get(APP + "/");
        keycloakPassword(user);
        await(By.id("user"));
        assertThat(browser.getCurrentUrl()).isEqualTo(APP + "/");
    }

    /** The browser, sent to the application, ends up on Keycloak's login page: it has no zt session. */
    private void assertLoggedOut() {
        browser.get(APP + "/");
        await(By.id("username"));
        assertThat(browser.getCurrentUrl()).startsWith(keycloak.issuer());
    }

    @Test
    void loginAtKeycloakThenStepUpWithItsOneTimeCodeThenSignOutThere() {
        login("carol");
        assertThat(browser.findElement(By.id("acr")).getText()).isEqualTo("pwd");
        assertThat(browser.findElement(By.id("user")).getText()).isNotBlank();

        browser.findElement(By.id("transfer-link")).click(); // acr=mfa: zt sends the browser back to Keycloak
        await(By.id("otp"));
        assertThat(browser.getCurrentUrl()).startsWith(keycloak.issuer()).contains("acr_values=mfa");
        browser.findElement(By.id("otp")).sendKeys(Totp.code(Keycloak.OTP_SECRET_BASE32, Instant.now()));
        browser.findElement(By.id("kc-login")).click();

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
        assertLoggedOut();
    }

    @Test
    void administratorsLogoutAtKeycloakEndsTheZtSessionByBackChannelLogout() throws Exception {
        login("dave");
        keycloak.adminLogout("dave"); // Keycloak posts a logout token to the sample before it answers
        assertLoggedOut();
    }

    @Test
    void disablingTheUserAtKeycloakEndsTheZtSessionAtTheNextProviderCheck() throws Exception {
        Instant loggedIn = Instant.now();
        login("erin");
        keycloak.disable("erin"); // no logout: no back-channel logout reaches the sample
        browser.get(APP + "/");
        await(By.id("user"));
        assertThat(browser.getCurrentUrl()).as("until the check is due, the session goes on").isEqualTo(APP + "/");
        Thread.sleep(Math.max(0, Duration.between(Instant.now(), loggedIn.plusSeconds(32)).toMillis()));
        assertLoggedOut();
    }
}
