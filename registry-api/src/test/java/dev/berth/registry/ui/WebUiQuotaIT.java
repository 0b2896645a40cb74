package dev.berth.registry.ui;

import static dev.berth.registry.ui.HeadlessChromium.byTestId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.api.RegistryClient;
import dev.berth.registry.testsupport.RegistryInstance;
import dev.berth.registry.testsupport.TestStorage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The web UI's Storage page: each quota's pattern, what its repositories hold and its limit. */
class WebUiQuotaIT {
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
    void storagePageShowsEachQuotasUsageAgainstItsLimit() {
        registry = RegistryInstance.start(storage,
                "--registry.quotas[0].repositories=team/**", "--registry.quotas[0].limit=1KB",
                "--registry.quotas[1].repositories=ci/**", "--registry.quotas[1].limit=2GB");
        RegistryClient client = new RegistryClient(registry.base().getPort());
        client.pushBlob("team/app", RegistryClient.randomBytes(512));
        browser = new HeadlessChromium();

        browser.open(registry.base() + "/#/usage");

        String table = browser.await(d -> d.findElement(byTestId("quota-table"))).getText();
        assertThat(table).contains("team/**", "512 B", "1 KiB", "50%", "ci/**", "0 B", "2 GiB", "0%");
        browser.screenshot("storage-quotas");
    }
}
