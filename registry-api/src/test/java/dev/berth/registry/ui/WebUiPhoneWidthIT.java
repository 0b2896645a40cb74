package dev.berth.registry.ui;

import static dev.berth.registry.ui.HeadlessChromium.byTestId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.api.RegistryApiTest;
import dev.berth.registry.api.RegistryClient;
import dev.berth.registry.ui.SampleImages.Pushed;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.WebDriver;

/**
 * Every page at a phone's width (390 CSS pixels) in Chromium: nothing makes the page scroll sideways
 * (wide tables scroll inside their own card). Screenshots at desktop and phone width go to
 * {@code target/screenshots/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebUiPhoneWidthIT extends RegistryApiTest {
    private HeadlessChromium browser;
    private String repo;

    @BeforeAll
    void pushAnImageAndStartTheBrowser() {
        SampleImages images = new SampleImages(new RegistryClient(port));
        repo = "ui-" + UUID.randomUUID().toString().substring(0, 8) + "/team/a-rather-long-service-name";
        Pushed image = images.image(repo, "2025.01.10-build.1234", "amd64", "2025-01-10T12:00:00Z", 1_234_567, 45_678);
        images.referrer(repo, SampleImages.SIGNATURE, image.manifest());
        images.tag(repo, "latest", image);
        browser = new HeadlessChromium();
    }

    @AfterAll
    void closeTheBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void theRepositoryList() {
        atBothWidths("#/?q=" + repo, "list", d -> d.findElement(byTestId("repo-row")));
    }

    @Test
    void aRepository() {
        atBothWidths("#/repositories/" + repo, "repository", d -> d.findElement(byTestId("tag-row")));
    }

    @Test
    void anImage() {
        atBothWidths("#/repositories/" + repo + "/-/manifests/latest", "image", d -> d.findElement(byTestId("layer-row")));
    }

    @Test
    void theStoragePage() {
        atBothWidths("#/usage", "storage", d -> d.findElement(byTestId("usage-table")));
    }

    private void atBothWidths(String hash, String name, Function<WebDriver, Object> loaded) {
        browser.desktopWidth();
        browser.open("http://127.0.0.1:" + port + "/" + hash);
        browser.await(loaded);
        assertThat(browser.fitsTheWidth()).as("desktop: %s", browser.widerThanTheWindow()).isTrue();
        browser.screenshot("width-desktop-" + name);

        browser.resize(HeadlessChromium.PHONE_WIDTH);
        try {
            browser.open("http://127.0.0.1:" + port + "/" + hash);
            browser.await(loaded);
            assertThat(browser.fitsTheWidth()).as("phone: %s", browser.widerThanTheWindow()).isTrue();
            browser.screenshot("width-phone-" + name);
        } finally {
            browser.desktopWidth();
        }
    }
}
