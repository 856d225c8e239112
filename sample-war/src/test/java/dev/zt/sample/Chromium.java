package dev.zt.sample;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A real headless Chromium for the browser tests (Debian's {@code chromium} and {@code chromium-driver}, or
 * {@code -Dzt.chromium} / {@code -Dzt.chromedriver}), with a fresh profile each time.
 */
final class Chromium {

    private Chromium() {
    }

    /** Starts a browser; quit it when done. */
    static WebDriver start() throws IOException {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(System.getProperty("zt.chromium", "/usr/bin/chromium"));
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + Files.createTempDirectory("zt-chromium"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(System.getProperty("zt.chromedriver", "/usr/bin/chromedriver")))
                .usingAnyFreePort().build();
        WebDriver browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        return browser;
    }
}
