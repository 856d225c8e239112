package dev.zt.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zt.sample.idp.Totp;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A report-only roll-out followed in the roll-out console, on WildFly in a real headless Chromium: the sample in
 * {@code zt.mode=report-only} under synthetic traffic with known would-be refusals; an admin with MFA sees the chart's
 * totals and the grouped table match what was sent, filters it, and revokes a session, whose next request then shows
 * as refused; everyone else is refused the console, report-only or not. The same roll-out is followed in the OCSF
 * audit events the server logged: one schema-valid event per would-be refusal, marked as logged, not blocked.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ConsoleIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10)).build();

    @ArquillianResource
    private URL base;

    private WebDriver browser;

    /** The sample, switched to report-only mode as a team starting its roll-out would. */
    @Deployment(testable = false)
    static WebArchive reportOnlySample() throws IOException {
        WebArchive war = ShrinkWrap.create(ZipImporter.class, "console-sample.war")
                .importFrom(new File("target/sample.war")).as(WebArchive.class);
        String props;
        try (InputStream in = war.get("/WEB-INF/classes/zt.properties").getAsset().openStream()) {
            props = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        war.delete("/WEB-INF/classes/zt.properties");
        return war.addAsResource(new StringAsset(props + "\nzt.mode=report-only\nzt.audit.format=ocsf\n"),
                "zt.properties");
    }

    @BeforeEach
    void startBrowser() throws Exception {
        browser = Chromium.start();
        browser.manage().window().setSize(new Dimension(1280, 1800));
    }

    @AfterEach
    void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    private String url(String path) {
        // "localhost" is a secure context for browsers, so the __Host- Secure cookies work over plain http here
        return "http://localhost:" + base.getPort() + "/console-sample" + path;
    }

    private static HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return HTTP.send(b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path))).header("Accept", "application/json");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return send(b);
    }

    private String login(String user) throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(url("/login")))
                .header("Accept", "application/json").header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=" + user + "&password=" + user + "-password")));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        Matcher m = Pattern.compile("\"session_token\":\"([^\"]*)\"").matcher(r.body());
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    @Test
    void theConsoleIsRefusedToAnyoneButAnAdminWithMfaEvenInReportOnlyMode() throws Exception {
        assertThat(get("/api/whoami", null).statusCode()).as("report-only: the application is reached")
                .isNotEqualTo(401);
        HttpResponse<String> anonymous = get("/zt/console", null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.body()).contains("token_missing").doesNotContain("<html");
        HttpResponse<String> alice = get("/zt/console/api/activity", login("alice"));
        assertThat(alice.statusCode()).isEqualTo(403);
        assertThat(alice.body()).contains("insufficient_role");
        HttpResponse<String> bobWithoutMfa = get("/zt/console/api/activity", login("bob"));
        assertThat(bobWithoutMfa.statusCode()).isEqualTo(401);
        assertThat(bobWithoutMfa.headers().firstValue("WWW-Authenticate").orElseThrow())
                .contains("acr_values=\"mfa\"");
    }

    private long total(String decision) {
        return Long.parseLong(browser.findElement(By.id("total-" + decision)).getText());
    }

    private Map<String, Long> totals() {
        return List.of("allow", "step_up", "deny", "revoke_session").stream()
                .collect(Collectors.toMap(d -> d, this::total));
    }

    /** Each decision's count as the chart draws it: the sum of its bars. */
    private Map<String, Long> chartSums() {
        return browser.findElements(By.cssSelector("#chart rect")).stream().collect(Collectors.groupingBy(
                r -> r.getAttribute("data-decision"), Collectors.summingLong(r -> Long.parseLong(
                        r.getAttribute("data-count")))));
    }

    private void refresh(WebDriverWait wait) {
        String before = browser.findElement(By.id("status")).getText();
        browser.findElement(By.id("refresh")).click();
        wait.until(d -> {
            String now = d.findElement(By.id("status")).getText();
            return now.startsWith("Updated") && !now.equals(before) ? now : null;
        });
    }

    private List<List<String>> rows(String table) {
        return browser.findElements(By.cssSelector("#" + table + " tbody tr")).stream().map(tr -> tr.findElements(
                By.tagName("td")).stream().map(WebElement::getText).collect(Collectors.toList()))
                .collect(Collectors.toList());
    }

    @Test
    void aReportOnlyRollOutIsFollowedInTheConsoleAndASessionRevokedThereShowsAsRefused() throws Exception {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        // bob signs in, and the console asks him for his second factor first
        browser.get(url("/zt/console"));
        wait.until(ExpectedConditions.urlContains("/console-sample/login"));
        browser.findElement(By.id("username")).sendKeys("bob");
        browser.findElement(By.id("password")).sendKeys("bob-password");
        browser.findElement(By.id("signin")).click();
        wait.until(ExpectedConditions.urlContains("/console-sample/mfa"));
        browser.findElement(By.id("code")).sendKeys(Totp.code("KRSXG5CTMVRXEZLU", Instant.now()));
        browser.findElement(By.id("verify")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "Updated"));
        assertThat(browser.getCurrentUrl()).endsWith("/console-sample/zt/console");
        assertThat(browser.findElement(By.id("mode")).getText()).isEqualTo("report-only");
        assertThat(browser.findElement(By.id("refusals-kind")).getText()).isEqualTo("Would-be refusals");
        assertThat(browser.findElement(By.id("health-status")).getText()).isEqualTo("UP");
        assertThat(rows("health")).anySatisfy(r -> assertThat(r.get(0)).isEqualTo("store"));
        Map<String, Long> before = totals();

        // synthetic traffic: 30 allowed requests, 210 that enforce mode would refuse, for known reasons
        long logStart = ServerLog.end();
        String alice = login("alice");
        String bob = login("bob");
        for (int i = 0; i < 15; i++) {
            assertThat(get("/api/whoami", alice).statusCode()).isEqualTo(200);
            assertThat(get("/api/whoami", bob).statusCode()).isEqualTo(200);
        }
        for (int i = 0; i < 10; i++) {
            get("/api/admin/stats", alice); // insufficient_role: report-only lets it through to the application
        }
        for (int i = 0; i < 200; i++) {
            get("/api/orders/" + (5000 + i), null); // token_missing
        }

        assertOcsfEventsOfTheTraffic(logStart);
        refresh(wait);
        Map<String, Long> after = totals();
        assertThat(after.get("allow") - before.get("allow")).as("allowed").isEqualTo(30);
        assertThat(after.get("deny") - before.get("deny")).as("would-be denials").isEqualTo(210);
        assertThat(after.get("step_up")).isEqualTo(before.get("step_up"));
        assertThat(after.get("revoke_session")).isEqualTo(before.get("revoke_session"));
        assertThat(chartSums()).as("the chart draws the totals").containsEntry("allow", after.get("allow"))
                .containsEntry("deny", after.get("deny"));
        assertThat(browser.findElement(By.cssSelector("#chart svg title")).getText()).contains("denied "
                + after.get("deny"));

        new Select(browser.findElement(By.id("filter-reason"))).selectByVisibleText("token_missing");
        assertThat(rows("refusals")).filteredOn(r -> r.get(0).equals("/api/orders/{}")).singleElement()
                .satisfies(r -> {
                    assertThat(r.get(1)).isEqualTo("denied");
                    assertThat(r.get(3)).isEqualTo("200");
                    assertThat(r.get(5)).contains("(200)");
                });
        assertThat(rows("refusals")).allSatisfy(r -> assertThat(r.get(2)).isEqualTo("token_missing"));
        new Select(browser.findElement(By.id("filter-reason"))).selectByVisibleText("insufficient_role");
        assertThat(rows("refusals")).filteredOn(r -> r.get(0).equals("/api/admin/stats")).singleElement()
                .satisfies(r -> {
                    assertThat(r.get(3)).isEqualTo("10");
                    assertThat(r.get(4)).isEqualTo("alice (10)");
                });
        assertThat(rows("refusals")).as("the annotation's own would-be refusal, apart from the path's, once a call")
                .filteredOn(r -> r.get(0).startsWith("@")).singleElement()
                .satisfies(r -> assertThat(r.get(3)).isEqualTo("10"));

        browser.findElement(By.id("recent-sessions")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("sessions-caption"), "begun lately"));
        assertThat(rows("sessions")).as("sessions begun lately, by the sample's own login too")
                .anySatisfy(r -> assertThat(r.get(1)).isEqualTo("alice"))
                .anySatisfy(r -> assertThat(r.get(1)).isEqualTo("bob"));

        // alice's sessions, from the subject in the table; revoke the one she uses
        browser.findElement(By.cssSelector("#refusals button.subject")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("sessions-caption"), "of alice"));
        List<WebElement> revoke = browser.findElements(By.cssSelector("#sessions button.revoke"));
        assertThat(revoke).isNotEmpty();
        int live = revoke.size();
        revoke.get(revoke.size() - 1).click();
        wait.until(ExpectedConditions.alertIsPresent()).accept();
        wait.until(d -> d.findElements(By.cssSelector("#sessions button.revoke")).size() == live - 1 ? true : null);
        assertThat(rows("sessions")).anySatisfy(r -> assertThat(r.get(6)).isEqualTo("revoked"));

        // her next request is what enforce mode would refuse, and the console shows it
        for (String token : List.of(alice)) {
            get("/api/whoami", token);
        }
        refresh(wait);
        new Select(browser.findElement(By.id("filter-reason"))).selectByVisibleText("session_revoked");
        assertThat(rows("refusals")).filteredOn(r -> r.get(0).equals("/api/whoami")).singleElement()
                .satisfies(r -> assertThat(r.get(4)).isEqualTo("alice (1)"));

        // the last hour, for the documentation's screenshot
        new Select(browser.findElement(By.id("filter-reason"))).selectByIndex(0);
        new Select(browser.findElement(By.id("window"))).selectByValue("1h");
        wait.until(d -> d.findElements(By.cssSelector("#chart rect")).size() > 0
                && d.findElement(By.id("chart-caption")).getText().contains("one bar per 1 minute") ? true : null);
        assertThat(total("allow")).isEqualTo(after.get("allow"));
        assertThat(total("deny")).as("and alice's revoked session").isEqualTo(after.get("deny") + 1);
        saveScreenshot();
    }

    /** The OCSF events the audit log wrote for the synthetic traffic (from the server's log, after {@code from}). */
    private static void assertOcsfEventsOfTheTraffic(long from) throws IOException {
        List<Map<String, Object>> events = ServerLog.linesSince(from).stream()
                .filter(l -> l.contains("[dev.zt.audit]") && l.contains("\"class_uid\":6004"))
                .map(l -> dev.zt.internal.json.StrictJson.parseObject(l.substring(l.indexOf('{'))))
                .collect(Collectors.toList());
        List<Map<String, Object>> forbidden = events.stream().filter(e -> "/api/admin/stats".equals(path(e)))
                .collect(Collectors.toList());
        assertThat(forbidden).as("one event per would-be refusal").hasSize(10).allSatisfy(e -> {
            assertThat(e).containsEntry("status_code", "insufficient_role").containsEntry("activity_id", 2L)
                    .containsEntry("disposition_id", 17L); // Logged: report-only refused nothing
            assertThat(new dev.zt.testing.OcsfSchema().problems(e)).isEmpty();
        });
        assertThat(events.stream().filter(e -> "token_missing".equals(e.get("status_code"))
                && String.valueOf(path(e)).startsWith("/api/orders/"))).hasSize(200);
        assertThat(events).as("allowed requests are logged at DEBUG only")
                .noneSatisfy(e -> assertThat(e).containsEntry("activity_id", 1L));
    }

    @SuppressWarnings("unchecked")
    private static Object path(Map<String, Object> event) {
        Object request = event.get("http_request");
        return request == null ? null : ((Map<String, Object>) ((Map<String, Object>) request).get("url")).get("path");
    }

    private void saveScreenshot() throws IOException {
        Path shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, Path.of("target", "console.png"), StandardCopyOption.REPLACE_EXISTING);
    }
}
