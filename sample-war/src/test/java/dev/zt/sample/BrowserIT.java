package dev.zt.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zt.sample.idp.Totp;

import java.io.File;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The browser flow in a real headless Chromium (Debian's chromium and chromium-driver): login, protected page,
 * step-up with a TOTP code, protected action.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class BrowserIT {

    @ArquillianResource
    private URL base;

    private WebDriver browser;

    @Deployment(testable = false)
    static WebArchive sample() {
        return ShrinkWrap.create(ZipImporter.class, "sample.war").importFrom(new File("target/sample.war"))
                .as(WebArchive.class);
    }

    @BeforeEach
    void startBrowser() throws Exception {
        browser = Chromium.start();
    }

    @AfterEach
    void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    private String url(String path) {
        // "localhost" is a secure context for browsers, so the __Host- Secure cookies work over plain http here
        return "http://localhost:" + base.getPort() + "/sample" + path;
    }

    @Test
    void loginThenProtectedPageThenStepUpThenProtectedAction() {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        browser.get(url("/"));
        wait.until(ExpectedConditions.urlContains("/sample/login"));
        browser.findElement(By.id("username")).sendKeys("alice");
        browser.findElement(By.id("password")).sendKeys("alice-password");
        browser.findElement(By.id("signin")).click();

        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("user")));
        assertThat(browser.findElement(By.id("user")).getText()).isEqualTo("alice");
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
}
