package dev.berth.registry.ui;

import static dev.berth.registry.api.RegistryClient.assertOciError;
import static dev.berth.registry.ui.HeadlessChromium.byTestId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.api.RegistryApiTest;
import dev.berth.registry.api.RegistryClient;
import dev.berth.registry.ui.SampleImages.Pushed;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/**
 * Repositories leave the web UI: deleted whole from their page after the same confirm dialog as an
 * image delete, or once their last image is deleted.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebUiRepositoryDeleteIT extends RegistryApiTest {
    private HeadlessChromium browser;
    private RegistryClient client;
    private SampleImages images;

    @BeforeAll
    void startTheBrowser() {
        client = new RegistryClient(port);
        images = new SampleImages(client);
        browser = new HeadlessChromium();
    }

    @AfterAll
    void closeTheBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void deletingARepositoryFromItsPageTakesItOutOfTheList() {
        String prefix = "ui-" + UUID.randomUUID().toString().substring(0, 8);
        String db = prefix + "/db";
        Pushed v1 = images.image(db, "v1", "amd64", "2025-01-01T00:00:00Z", 10_000);
        images.image(db, "v2", "amd64", "2025-01-02T00:00:00Z", 20_000);
        images.image(prefix + "/web", "v1", "amd64", "2025-01-02T00:00:00Z", 20_000);

        browser.open(url("#/repositories/" + db));
        browser.find("delete-repository").click();
        browser.await(d -> d.findElement(By.id("confirm")).isDisplayed());
        assertThat(browser.driver().findElement(By.id("confirm")).getText())
                .contains("Delete repository " + db + "?", "2 tags and 2 images");
        browser.screenshotsAtBothWidths("delete-repository-dialog");
        browser.find("confirm-cancel").click();
        assertThat(client.tags(db)).containsExactly("v1", "v2");

        browser.find("delete-repository").click();
        browser.await(d -> d.findElement(By.id("confirm")).isDisplayed());
        browser.find("confirm-delete").click();

        browser.await(d -> d.getCurrentUrl().endsWith("#/"));
        assertThat(browser.find("notice").getText()).isEqualTo("Repository " + db + " deleted.");
        browser.find("repo-search").sendKeys(prefix);
        browser.await(d -> repositoryNames(d).equals(List.of(prefix + "/web")));
        assertOciError(client.get("/v2/" + db + "/manifests/" + v1.digest()), 404, "MANIFEST_UNKNOWN");
        browser.screenshotsAtBothWidths("repository-deleted");
    }

    @Test
    void deletingTheLastImageReturnsToTheListWithoutTheRepository() {
        String prefix = "ui-" + UUID.randomUUID().toString().substring(0, 8);
        String cache = prefix + "/cache";
        images.image(cache, "v1", "amd64", "2025-01-01T00:00:00Z", 10_000);
        images.image(prefix + "/web", "v1", "amd64", "2025-01-02T00:00:00Z", 20_000);

        browser.open(url("#/repositories/" + cache + "/-/manifests/v1"));
        browser.find("delete-image").click();
        browser.await(d -> d.findElement(By.id("confirm")).isDisplayed());
        browser.find("confirm-delete").click();

        browser.await(d -> d.getCurrentUrl().endsWith("#/"));
        assertThat(browser.find("notice").getText()).contains("last image of " + cache);
        browser.screenshotsAtBothWidths("last-image-deleted");
        browser.find("repo-search").sendKeys(prefix);
        browser.await(d -> repositoryNames(d).equals(List.of(prefix + "/web")));
        browser.open(url("#/repositories/" + cache));
        assertThat(browser.find("error").getText()).isEqualTo("repository name not known to registry");
    }

    private String url(String hash) {
        return "http://127.0.0.1:" + port + "/" + hash;
    }

    @SuppressWarnings("unchecked")
    private static List<String> repositoryNames(WebDriver driver) {
        return (List<String>) ((JavascriptExecutor) driver).executeScript(
                "return [...document.querySelectorAll(\"[data-testid='repo-row']\")].map(row => row.dataset.name)");
    }
}
