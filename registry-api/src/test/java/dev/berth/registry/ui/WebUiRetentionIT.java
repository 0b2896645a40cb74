package dev.berth.registry.ui;

import static dev.berth.registry.ui.HeadlessChromium.byTestId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.api.RegistryClient;
import dev.berth.registry.testsupport.RegistryInstance;
import dev.berth.registry.testsupport.TestStorage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The web UI's Retention page: the configured policies, then what the last run removed. */
class WebUiRetentionIT {
    private final TestStorage storage = TestStorage.filesystem();
    private RegistryInstance registry;
    private HeadlessChromium browser;

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.close();
        }
        if (registry != null) {
            registry.close();
        }
        storage.close();
    }

    @Test
    void retentionPageShowsThePoliciesAndTheLastRunsRemovals() {
        registry = RegistryInstance.start(storage,
                "--registry.retention.rules[0].repositories=ci/**",
                "--registry.retention.rules[0].keep-last=1",
                "--registry.retention.rules[1].repositories=team/**",
                "--registry.retention.rules[1].older-than=14d");
        RegistryClient client = new RegistryClient(registry.base().getPort());
        client.pushImage("ci/app", "b1");
        client.pushImage("ci/app", "b2");
        browser = new HeadlessChromium();

        browser.open(registry.base() + "/#/retention");
        assertThat(browser.await(d -> d.findElement(byTestId("retention-rules"))).getText())
                .contains("ci/**", "team/**", "14 days");
        assertThat(browser.find("retention-last-run").getText()).contains("No run yet");

        assertThat(registry.post("/api/admin/retention?dryRun=true", new byte[0]).statusCode()).isEqualTo(200);
        browser.open(registry.base() + "/#/retention?again");
        assertThat(browser.await(d -> d.findElement(byTestId("retention-last-run"))).getText())
                .contains("dry run over 1 repositories", "1 tags and 0 untagged manifests would go", "ci/app:b1", "not among the 1 newest")
                .doesNotContain("ci/app:b2");
        browser.screenshot("retention");
    }
}
