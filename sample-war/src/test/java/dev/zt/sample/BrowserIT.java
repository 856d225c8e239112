package dev.zt.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zt.sample.idp.Totp;

import com.sun.net.httpserver.HttpServer;
import java.io.File;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The browser flow in a real headless Chromium (Debian's chromium and chromium-driver): login, protected page,
 * step-up with a TOTP code, protected action; and a page of the same site (another port of {@code localhost}) that
 * makes the signed-in browser send forged requests with the session cookie.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class BrowserIT {

    @ArquillianResource
    private URL base;

    /** One browser (one device) for the class: each test signs in again, on the device alice already used. */
    private static WebDriver browser;

    @Deployment(testable = false)
    static WebArchive sample() {
        return ShrinkWrap.create(ZipImporter.class, "sample.war").importFrom(new File("target/sample.war"))
                .as(WebArchive.class);
    }

    @BeforeAll
    static void startBrowser() throws Exception {
        browser = Chromium.start();
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    /**
     * Signed out, but on the same device: a second device would make alice's next sign-in a step-up
     * ({@code new-device}), which the tests do not expect.
     */
    @BeforeEach
    void signedOut() {
        if (browser.getCurrentUrl().startsWith(url(""))) {
            browser.manage().getCookies().stream().filter(c -> !c.getName().equals("__Host-zt-device"))
                    .forEach(c -> browser.manage().deleteCookie(c));
        }
    }

    private String url(String path) {
        // "localhost" is a secure context for browsers, so the __Host- Secure cookies work over plain http here
        return "http://localhost:" + base.getPort() + "/sample" + path;
    }

    private void signInAsAlice(WebDriverWait wait) {
        browser.get(url("/"));
        wait.until(ExpectedConditions.urlContains("/sample/login"));
        browser.findElement(By.id("username")).sendKeys("alice");
        browser.findElement(By.id("password")).sendKeys("alice-password");
        browser.findElement(By.id("signin")).click();

        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("user")));
        assertThat(browser.findElement(By.id("user")).getText()).isEqualTo("alice");
    }

    @Test
    void loginThenProtectedPageThenStepUpThenProtectedAction() {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        signInAsAlice(wait);
        assertThat(browser.findElement(By.id("acr")).getText()).isEqualTo("pwd");

        browser.findElement(By.id("transfer-link")).click();
        wait.until(ExpectedConditions.urlContains("/sample/mfa"));
        assertThat(browser.getCurrentUrl()).contains("acr_values=mfa");
        browser.findElement(By.id("code")).sendKeys(Totp.code("JBSWY3DPEHPK3PXP", Instant.now()));
        browser.findElement(By.id("verify")).click();

        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("amount")));
        assertThat(browser.getCurrentUrl()).endsWith("/sample/transfer");
        browser.findElement(By.id("send")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("done")));
        assertThat(browser.findElement(By.id("done")).getText()).isEqualTo("Transfer of 100 done");
    }

    /**
     * A page on another port of {@code localhost} is the same site, so Chromium sends the {@code SameSite=Strict}
     * session cookie with the requests it makes (as a sibling subdomain's page would). It makes alice's browser load
     * a path she may not open as images and frames (more than {@code zt.risk.authz-failures.max}, ten) and fetch a page
     * she may open more often than {@code zt.risk.rate.revoke-per-minute} (40 in the sample): counted, either would
     * revoke her session. zt refuses each, from what Chromium says about it, and she stays signed in.
     */
    @Test
    void aPageOfTheSameSiteCannotSignTheUserOutWithRequestsItMakesHerBrowserSend() throws Exception {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        signInAsAlice(wait);
        long logStart = ServerLog.end();
        String page = "<!doctype html><title>loading</title><body><script>\n"
                + "let pending = 0; const done = () => { if (--pending === 0) document.title = 'done'; };\n"
                + "for (let i = 0; i < 12; i++) { pending++; const img = new Image(); img.onload = img.onerror = done;"
                + " img.src = '" + url("/api/admin/stats") + "?img=' + i; }\n"
                + "for (let i = 0; i < 12; i++) { pending++; const f = document.createElement('iframe');"
                + " f.onload = done; f.src = '" + url("/api/admin/stats") + "?frame=' + i;"
                + " document.body.appendChild(f); }\n"
                + "for (let i = 0; i < 45; i++) { pending++; fetch('" + url("/api/whoami") + "?fetch=' + i,"
                + " {credentials: 'include', mode: 'no-cors'}).then(done, done); }\n"
                + "</script></body>";
        HttpServer attacker = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        attacker.createContext("/", exchange -> {
            byte[] body = page.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        attacker.start();
        try {
            browser.get("http://localhost:" + attacker.getAddress().getPort() + "/");
            wait.until(ExpectedConditions.titleIs("done"));
        } finally {
            attacker.stop(0);
        }
        List<String> refused = new ArrayList<>();
        // the audit lines of the 69 forged requests (the log is written as they are decided)
        wait.withMessage("a csrf_rejected audit line for each of the 69 forged requests").until(d -> {
            refused.clear();
            refused.addAll(auditLinesSince(logStart, "csrf_rejected"));
            return refused.size() >= 69;
        });
        assertThat(refused).as("Chromium sent the session cookie, and zt refused each request it had not been asked")
                .hasSize(69).allSatisfy(l -> assertThat(l).contains("alice"));
        assertThat(refused.stream().filter(l -> l.contains("/api/admin/stats"))).hasSize(24);

        browser.get(url("/"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("user")));
        assertThat(browser.findElement(By.id("user")).getText()).as("still signed in").isEqualTo("alice");
    }

    private static List<String> auditLinesSince(long from, String reason) {
        return ServerLog.linesSince(from).stream().filter(l -> l.contains("[dev.zt.audit]") && l.contains(reason))
                .collect(Collectors.toList());
    }
}
