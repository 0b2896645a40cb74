package dev.berth.registry.ui;

import static dev.berth.registry.api.RegistryClient.assertOciError;
import static dev.berth.registry.ui.HeadlessChromium.byTestId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.api.RegistryApiTest;
import dev.berth.registry.api.RegistryClient;
import dev.berth.registry.api.RegistryClient.Content;
import dev.berth.registry.ui.SampleImages.Pushed;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * The web UI in a real browser (headless Chromium) against the running registry, with images the
 * test pushes over HTTP: the list shows them, search filters, the tag table sorts, the image page
 * shows the right layers and sizes, and deletes work. A screenshot of each page is kept in
 * {@code target/screenshots/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebUiIT extends RegistryApiTest {
    private HeadlessChromium browser;
    private RegistryClient client;
    private String prefix;
    private String web;
    private Pushed web10;
    private Pushed web11;

    @BeforeAll
    void pushImagesAndStartTheBrowser() {
        client = new RegistryClient(port);
        SampleImages images = new SampleImages(client);
        prefix = "ui-" + UUID.randomUUID().toString().substring(0, 8);
        web = prefix + "/web";
        web10 = images.image(web, "1.0", "amd64", "2025-01-10T12:00:00Z", 1_234_567, 45_678, 890);
        images.referrer(web, SampleImages.SIGNATURE, web10.manifest());
        web11 = images.image(web, "1.1", "amd64", "2025-02-10T12:00:00Z", 1_300_000, 52_000, 990);
        images.tag(web, "latest", web11);
        Pushed amd64 = images.image(web, null, "amd64", "2025-03-01T08:00:00Z", 600_000, 20_000);
        Pushed arm64 = images.image(web, null, "arm64", "2025-03-01T08:05:00Z", 580_000, 21_000);
        images.index(web, "multi", amd64, arm64);
        images.image(prefix + "/api", "v3", "amd64", "2025-02-01T00:00:00Z", 800_000, 3_000);
        images.image(prefix + "/tools/builder", "2024.12", "arm64", "2024-12-24T00:00:00Z", 2_000_000);
        browser = new HeadlessChromium();
    }

    @AfterAll
    void closeTheBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void repositoryListShowsPushedRepositoriesAndSearchFiltersThem() {
        browser.open(url("#/"));
        WebElement search = browser.find("repo-search");
        search.sendKeys(prefix);

        browser.await(d -> repositoryNames(d).equals(List.of(prefix + "/api", prefix + "/tools/builder", web)));
        assertThat(browser.find("repo-count").getText()).startsWith("3 repositories");
        WebElement webRow = row("repo-row", "name", web);
        assertThat(webRow.findElements(By.tagName("td")).get(1).getText()).isEqualTo("4");
        browser.screenshot("repositories");

        search.sendKeys("/we");
        browser.await(d -> repositoryNames(d).equals(List.of(web)));
        assertThat(browser.driver().getCurrentUrl()).endsWith("#/?q=" + prefix + "%2Fwe");

        search.clear();
        search.sendKeys(prefix + "-none");
        browser.await(d -> d.findElement(byTestId("repo-empty")).isDisplayed());
        assertThat(browser.find("repo-empty").getText()).contains("No repository matches");
    }

    @Test
    void tagTableListsTagsWithSizesAndSortsByColumn() {
        browser.open(url("#/?q=" + prefix));
        row("repo-row", "name", web).findElement(By.tagName("a")).click();

        browser.await(d -> tagNames(d).size() == 4);
        browser.find("sort-name").click();
        browser.await(d -> tagNames(d).equals(List.of("1.0", "1.1", "latest", "multi")));
        WebElement first = row("tag-row", "tag", "1.0");
        assertThat(first.findElement(byTestId("tag-size")).getAttribute("data-bytes")).isEqualTo(String.valueOf(web10.size()));
        assertThat(first.findElement(byTestId("tag-size")).getText()).isEqualTo("1.3 MB");
        assertThat(first.getText()).containsIgnoringCase("signature").contains("linux/amd64").contains("2025-01-10");
        assertThat(row("tag-row", "tag", "multi").getText()).contains("linux/amd64", "linux/arm64/v8").containsIgnoringCase("index");

        browser.find("sort-size").click();
        browser.await(d -> tagNames(d).equals(List.of("1.1", "latest", "1.0", "multi")));
        browser.find("sort-size").click();
        browser.await(d -> tagNames(d).equals(List.of("multi", "1.0", "1.1", "latest")));
        browser.find("sort-created").click();
        browser.await(d -> tagNames(d).equals(List.of("multi", "1.1", "latest", "1.0")));

        browser.find("tag-filter").sendKeys("1.");
        browser.await(d -> tagNames(d).equals(List.of("1.1", "1.0")));
        browser.find("tag-filter").sendKeys(Keys.BACK_SPACE, Keys.BACK_SPACE);
        browser.find("sort-name").click();
        browser.await(d -> tagNames(d).size() == 4);
        browser.screenshot("tags");
    }

    @Test
    void imagePageShowsLayersSizesConfigReferrersAndThePullCommand() {
        browser.open(url("#/repositories/" + web));
        browser.await(d -> d.findElement(By.linkText("1.0"))).click();

        assertThat(browser.find("image-title").getText()).isEqualTo(web + ":1.0");
        browser.await(d -> d.findElements(byTestId("layer-row")).size() == 3);
        List<WebElement> layers = browser.driver().findElements(byTestId("layer-row"));
        assertThat(layers).extracting(layer -> layer.getAttribute("data-digest"))
                .containsExactlyElementsOf(web10.layers().stream().map(Content::digest).toList());
        assertThat(layers).extracting(layer -> layer.findElement(byTestId("layer-size")).getAttribute("data-bytes"))
                .containsExactly("1234567", "45678", "890");
        assertThat(layers).extracting(layer -> layer.findElement(byTestId("layer-size")).getText())
                .containsExactly("1.2 MB", "45.7 kB", "890 B");
        assertThat(layers.get(0).getText()).contains("ADD rootfs.tar.gz /");
        assertThat(layers.get(2).getText()).contains("COPY app /usr/bin/app");
        assertThat(browser.find("image-size").getAttribute("data-bytes")).isEqualTo(String.valueOf(web10.size()));
        assertThat(browser.find("image-digest").getText()).isEqualTo(web10.digest());
        assertThat(browser.find("config").getText()).contains("[\"/usr/bin/app\"]", "8080/tcp", "APP_ENV",
                "org.opencontainers.image.version");
        assertThat(browser.find("referrer-table").getText()).containsIgnoringCase("signature").contains(SampleImages.SIGNATURE);
        List<WebElement> pulls = browser.driver().findElements(byTestId("pull-command"));
        assertThat(pulls).extracting(WebElement::getText).containsExactly(
                "docker pull 127.0.0.1:" + port + "/" + web + ":1.0",
                "docker pull 127.0.0.1:" + port + "/" + web + "@" + web10.digest());
        browser.screenshot("image");

        browser.open(url("#/repositories/" + web + "/-/manifests/multi"));
        browser.await(d -> d.findElements(byTestId("platform-row")).size() == 2);
        assertThat(browser.find("platform-table").getText()).contains("linux/amd64", "linux/arm64/v8");
        browser.screenshot("image-index");
    }

    @Test
    void storagePageCountsEachRepository() {
        browser.open(url("#/usage"));

        assertThat(browser.await(d -> d.findElement(byTestId("usage-table"))).getText()).contains(prefix + "/", "web");
        browser.screenshot("storage");
    }

    @Test
    void deletingATagAndThenAnImageFromTheUi() {
        SampleImages images = new SampleImages(client);
        String db = "ui-" + UUID.randomUUID().toString().substring(0, 8) + "/db";
        images.image(db, "v1", "amd64", "2025-01-01T00:00:00Z", 10_000);
        Pushed v2 = images.image(db, "v2", "amd64", "2025-01-02T00:00:00Z", 20_000);
        images.tag(db, "stable", v2);

        browser.open(url("#/repositories/" + db));
        browser.await(d -> tagNames(d).size() == 3);
        row("tag-row", "tag", "v1").findElement(byTestId("delete-tag")).click();
        browser.await(d -> d.findElement(By.id("confirm")).isDisplayed());
        assertThat(browser.driver().findElement(By.id("confirm")).getText()).contains("Delete tag v1?");
        browser.screenshot("delete-dialog");
        browser.find("confirm-delete").click();

        browser.await(d -> tagNames(d).size() == 2);
        assertThat(browser.find("notice").getText()).isEqualTo("Tag v1 deleted.");
        assertThat(client.tags(db)).containsExactly("stable", "v2");

        browser.driver().findElement(By.linkText("v2")).click();
        browser.find("delete-image").click();
        browser.await(d -> d.findElement(By.id("confirm")).isDisplayed());
        assertThat(browser.driver().findElement(By.id("confirm")).getText()).contains("stable, v2");
        browser.find("confirm-delete").click();

        browser.await(d -> d.getCurrentUrl().endsWith("#/repositories/" + db));
        browser.await(d -> d.findElement(byTestId("tag-table")).getText().contains("This repository has no tags."));
        assertThat(client.tags(db)).isEmpty();
        assertOciError(client.get("/v2/" + db + "/manifests/" + v2.digest()), 404, "MANIFEST_UNKNOWN");
    }

    private String url(String hash) {
        return "http://127.0.0.1:" + port + "/" + hash;
    }

    private WebElement row(String testId, String attribute, String value) {
        return browser.await(d -> d.findElement(By.cssSelector("[data-testid='" + testId + "'][data-" + attribute
                + "='" + value + "']")));
    }

    /** Read in one script, so a table redrawn meanwhile cannot leave stale elements behind. */
    private static List<String> repositoryNames(WebDriver driver) {
        return attributes(driver, "repo-row", "name");
    }

    private static List<String> tagNames(WebDriver driver) {
        return attributes(driver, "tag-row", "tag");
    }

    @SuppressWarnings("unchecked")
    private static List<String> attributes(WebDriver driver, String testId, String attribute) {
        return (List<String>) ((JavascriptExecutor) driver).executeScript(
                "return [...document.querySelectorAll(`[data-testid='${arguments[0]}']`)].map(row => row.dataset[arguments[1]])",
                testId, attribute);
    }
}
