package dev.berth.registry.ui;

import static dev.berth.registry.ui.HeadlessChromium.byTestId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.api.RegistryApiTest;
import dev.berth.registry.api.RegistryClient;
import dev.berth.registry.api.RegistryClient.Content;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * What is not an image, in a real browser: a Helm chart is shown as a chart with the {@code helm pull}
 * command, any other artifact by its artifact type with an {@code oras pull} hint. Also the tag
 * table's Created column, which gives the time of day as well as the date.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebUiArtifactsIT extends RegistryApiTest {
    static final String MODEL = "application/vnd.example.model.v1";

    private HeadlessChromium browser;
    private SampleImages images;
    private String prefix;

    @BeforeAll
    void startTheBrowser() {
        images = new SampleImages(new RegistryClient(port));
        prefix = "ui-" + UUID.randomUUID().toString().substring(0, 8);
        browser = new HeadlessChromium();
    }

    @AfterAll
    void closeTheBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void aHelmChartIsShownAsAChartWithItsHelmPullCommand() {
        String repo = prefix + "/charts/berth";
        Content chart = images.helmChart(repo, "0.3.1", "1.4.0", "An OCI registry");
        String helmPull = "helm pull oci://127.0.0.1:" + port + "/" + repo + " --version 0.3.1";

        browser.open(url("#/repositories/" + repo));
        WebElement row = browser.await(d -> d.findElement(By.cssSelector("[data-testid='tag-row'][data-tag='0.3.1']")));
        assertThat(row.findElement(byTestId("kind")).getText()).isEqualTo("Helm chart");
        assertThat(browser.find("pull-command").getText()).isEqualTo(helmPull);
        browser.screenshotsAtBothWidths("chart-repository");

        row.findElement(By.linkText("0.3.1")).click();
        assertThat(browser.find("chart-name").getText()).isEqualTo("berth");
        assertThat(browser.find("chart-version").getText()).isEqualTo("0.3.1");
        assertThat(browser.find("image-title").getText()).isEqualTo(repo + ":0.3.1");
        assertThat(pullCommands()).containsExactly(helmPull,
                "oras pull 127.0.0.1:" + port + "/" + repo + "@" + chart.digest());
        assertThat(browser.driver().findElement(By.tagName("main")).getText()).contains("1.4.0", "An OCI registry");
        browser.screenshotsAtBothWidths("chart");
    }

    @Test
    void anotherArtifactIsShownByItsTypeWithAnOrasPullHint() {
        String repo = prefix + "/models";
        Content model = images.artifact(repo, "v1", MODEL);

        browser.open(url("#/repositories/" + repo));
        WebElement row = browser.await(d -> d.findElement(By.cssSelector("[data-testid='tag-row'][data-tag='v1']")));
        assertThat(row.findElement(byTestId("kind")).getText()).isEqualTo(MODEL);
        assertThat(browser.find("pull-command").getText()).isEqualTo("oras pull 127.0.0.1:" + port + "/" + repo + ":v1");
        browser.screenshotsAtBothWidths("artifact-repository");

        browser.open(url("#/repositories/" + repo + "/-/manifests/v1"));
        browser.await(d -> d.findElements(byTestId("pull-command")).size() == 2);
        assertThat(pullCommands()).containsExactly("oras pull 127.0.0.1:" + port + "/" + repo + ":v1",
                "oras pull 127.0.0.1:" + port + "/" + repo + "@" + model.digest());
        assertThat(browser.find("kind").getText()).isEqualTo(MODEL);
        browser.screenshotsAtBothWidths("artifact");
    }

    @Test
    void theCreatedColumnShowsDateAndTime() {
        String repo = prefix + "/app";
        images.image(repo, "1.0", "amd64", "2025-01-10T12:34:00Z", 1_000);

        browser.open(url("#/repositories/" + repo));
        WebElement created = browser.await(d -> d.findElement(byTestId("tag-created")));
        // In the browser's time zone, as the page shows every time.
        String expected = (String) browser.script("return new Intl.DateTimeFormat('en-CA', {year: 'numeric', month: '2-digit',"
                + " day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false}).format(new Date(arguments[0]))",
                "2025-01-10T12:34:00Z");
        assertThat(created.getText()).isEqualTo(expected).matches("\\d{4}-\\d{2}-\\d{2}, \\d{2}:34");
        browser.screenshotsAtBothWidths("created-date-time");
    }

    private List<String> pullCommands() {
        return browser.driver().findElements(byTestId("pull-command")).stream().map(WebElement::getText).toList();
    }

    private String url(String hash) {
        return "http://127.0.0.1:" + port + "/" + hash;
    }
}
