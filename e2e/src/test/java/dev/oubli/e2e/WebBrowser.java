package dev.oubli.e2e;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.selenium.AxeBuilder;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Debian's headless Chromium driven through its chromedriver (packages chromium and chromium-driver, which ./dev
 * installs), pointed at the suite's gateway. Every checked page gets an axe-core scan (no serious or critical
 * violation) and a screenshot in {@code e2e/target/screenshots/}.
 */
final class WebBrowser implements AutoCloseable {

    static final Path SCREENSHOTS = Suite.ROOT.resolve("e2e/target/screenshots");
    static final Path DOWNLOADS = Suite.ROOT.resolve("e2e/target/downloads");
    static final String CHROMIUM = System.getProperty("oubli.chromium", "/usr/bin/chromium");
    static final String CHROMEDRIVER = System.getProperty("oubli.chromedriver", "/usr/bin/chromedriver");

    final WebDriver driver;
    private final String gateway;

    private WebBrowser(WebDriver driver, String gateway) {
        this.driver = driver;
        this.gateway = gateway;
    }

    /** Fails, never skips, without the browser: ./dev installs it (apt packages chromium and chromium-driver). */
    static WebBrowser open() throws IOException {
        for (String executable : List.of(CHROMIUM, CHROMEDRIVER)) {
            if (!new File(executable).canExecute()) {
                throw new AssertionError(executable + " is missing: the browser tests need Debian's chromium and chromium-driver"
                        + " (./dev installs them; by hand: apt-get install chromium chromium-driver)");
            }
        }
        Files.createDirectories(SCREENSHOTS);
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM).addArguments("--headless=new", "--no-sandbox",
                "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,1000", "--lang=en-GB");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        Files.createDirectories(DOWNLOADS);
        // Headless Chromium saves a download only where it is told to.
        driver.executeCdpCommand("Browser.setDownloadBehavior", java.util.Map.of("behavior", "allow",
                "downloadPath", DOWNLOADS.toAbsolutePath().toString()));
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        return new WebBrowser(driver, Suite.url("gateway").toString());
    }

    void get(String path) {
        driver.get(path.startsWith("http") ? path : gateway + path);
    }

    String text(String css) {
        return driver.findElement(By.cssSelector(css)).getText();
    }

    void type(String id, String text) {
        driver.findElement(By.id(id)).clear();
        driver.findElement(By.id(id)).sendKeys(text);
    }

    /** Submits the form of the page's main content and waits for the next page's heading. */
    void submit(String formCss, String nextHeading) {
        driver.findElement(By.cssSelector(formCss + " button[type=submit]")).click();
        awaitHeading(nextHeading);
    }

    void awaitHeading(String heading) {
        new WebDriverWait(driver, Duration.ofSeconds(60)).until(ExpectedConditions.textToBe(By.tagName("h1"), heading));
    }

    void awaitElement(String css) {
        new WebDriverWait(driver, Duration.ofSeconds(60)).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(css)));
    }

    /** No serious or critical axe-core violation on the page, and a screenshot of it named {@code name}. */
    void check(String name) throws IOException {
        File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        Results results = new AxeBuilder().analyze(driver);
        List<String> severe = results.getViolations().stream()
                .filter(rule -> "serious".equals(rule.getImpact()) || "critical".equals(rule.getImpact()))
                .map(rule -> rule.getId() + " (" + rule.getImpact() + "): " + rule.getNodes().size() + " element(s)").toList();
        assertThat(severe).as("axe-core serious or critical violations on " + name).isEmpty();
        assertThat(results.getPasses()).as("axe-core ran on " + name).isNotEmpty();
    }

    @Override
    public void close() {
        driver.quit();
    }
}
