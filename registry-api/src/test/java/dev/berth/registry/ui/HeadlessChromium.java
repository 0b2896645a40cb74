package dev.berth.registry.ui;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.function.Function;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven through its own chromedriver: both binaries are pinned, so
 * Selenium never looks for or downloads a browser. Missing binaries fail the test (install
 * {@code chromium chromium-driver}; {@code .ci/run} does). Screenshots go to
 * {@code target/screenshots/}.
 */
final class HeadlessChromium implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final int WIDTH = 1300;
    private static final int HEIGHT = 900;
    /** A phone's CSS width (iPhone 12 to 15). */
    static final int PHONE_WIDTH = 390;

    private final Path profile;
    private final ChromeDriver driver;
    private int width = WIDTH;

    HeadlessChromium() {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            fail("the browser tests need Debian's chromium and chromium-driver (" + CHROMIUM + ", " + CHROMEDRIVER
                    + "): apt-get install -y chromium chromium-driver");
        }
        System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, CHROMEDRIVER.toString());
        try {
            profile = Files.createTempDirectory("berth-chromium");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--hide-scrollbars", "--window-size=" + WIDTH + "," + HEIGHT,
                "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
    }

    WebDriver driver() {
        return driver;
    }

    void open(String url) {
        driver.get(url);
    }

    /** Waits up to 20 s (the machine may be busy) until the condition holds, and returns its value. */
    <T> T await(Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, Duration.ofSeconds(20)).until(condition);
    }

    WebElement find(String testId) {
        return await(d -> d.findElement(byTestId(testId)));
    }

    static By byTestId(String testId) {
        return By.cssSelector("[data-testid='" + testId + "']");
    }

    Object script(String script, Object... arguments) {
        return ((JavascriptExecutor) driver).executeScript(script, arguments);
    }

    Object asyncScript(String script, Object... arguments) {
        return ((JavascriptExecutor) driver).executeAsyncScript(script, arguments);
    }

    /** Makes the window {@code width} CSS pixels wide, as a phone ({@link #PHONE_WIDTH}) or the desktop default. */
    void resize(int width) {
        this.width = width;
        driver.manage().window().setSize(new Dimension(width, HEIGHT));
        await(d -> ((Number) script("return window.innerWidth")).intValue() == width);
    }

    void desktopWidth() {
        resize(WIDTH);
    }

    /** Whether the page fits the window's width: nothing makes the page itself scroll sideways. */
    boolean fitsTheWidth() {
        return (Boolean) script("return document.documentElement.scrollWidth <= document.documentElement.clientWidth");
    }

    /** What sticks out of the window on the right, for a failure message. */
    Object widerThanTheWindow() {
        return script("""
                const width = document.documentElement.clientWidth;
                const clipped = e => {
                    for (let p = e.parentElement; p && p !== document.body; p = p.parentElement) {
                        if (getComputedStyle(p).overflowX !== 'visible') return true;
                    }
                    return false;
                };
                return [...document.querySelectorAll('body *')]
                    .filter(e => e.getBoundingClientRect().right > width + 0.5 && !clipped(e))
                    .slice(0, 8).map(e => `${e.tagName.toLowerCase()}.${e.className} right=${Math.round(e.getBoundingClientRect().right)}`);
                """);
    }

    /**
     * Screenshots of the page as it is, at desktop width ({name}.png) and at phone width
     * ({name}-phone.png), checking that at phone width the page does not scroll sideways.
     */
    void screenshotsAtBothWidths(String name) {
        int before = width;
        try {
            desktopWidth();
            screenshot(name);
            resize(PHONE_WIDTH);
            if (!fitsTheWidth()) {
                fail(name + " is wider than a phone: " + widerThanTheWindow());
            }
            screenshot(name + "-phone");
        } finally {
            resize(before);
        }
    }

    /** Saves the whole page (the window grown to the page's height) as target/screenshots/{name}.png. */
    Path screenshot(String name) {
        long height = ((Number) script("return Math.max(document.body.scrollHeight, document.documentElement.scrollHeight)"))
                .longValue();
        driver.manage().window().setSize(new Dimension(width, (int) Math.min(Math.max(height, HEIGHT), 4000)));
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(name + ".png");
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            driver.manage().window().setSize(new Dimension(width, HEIGHT));
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> tree = Files.walk(profile)) {
                tree.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException ignored) {
                // best effort: a temporary profile
            }
        }
    }
}
