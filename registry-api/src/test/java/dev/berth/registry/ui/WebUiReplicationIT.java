package dev.berth.registry.ui;

import static dev.berth.registry.ui.HeadlessChromium.byTestId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.api.RegistryClient;
import dev.berth.registry.testsupport.RegistryInstance;
import dev.berth.registry.testsupport.TestStorage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The web UI's Replication page: each rule with what it copied and its backlog, then the failures with their reasons. */
class WebUiReplicationIT {
    private final TestStorage storage = TestStorage.filesystem();
    private final TestStorage remoteStorage = TestStorage.filesystem();
    private RegistryInstance remote;
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
        if (remote != null) {
            remote.close();
        }
        storage.close();
        remoteStorage.close();
    }

    @Test
    void replicationPageShowsEachRulesCopiesBacklogAndFailureReasons() {
        remote = RegistryInstance.start(remoteStorage);
        registry = RegistryInstance.start(storage,
                "--registry.replication.poll-interval=1h",
                "--registry.replication.rules[0].name=to-site-b",
                "--registry.replication.rules[0].direction=push",
                "--registry.replication.rules[0].remote=" + remote.base(),
                "--registry.replication.rules[0].repositories[0]=team/**",
                "--registry.replication.rules[1].name=to-nowhere",
                "--registry.replication.rules[1].direction=push",
                "--registry.replication.rules[1].remote=http://127.0.0.1:9",
                "--registry.replication.rules[1].repositories[0]=team/**");
        RegistryClient client = new RegistryClient(registry.base().getPort());
        client.pushImage("team/app", "1.0");
        client.pushImage("team/app", "2.0");
        assertThat(registry.post("/api/admin/replication/to-site-b/run", new byte[0]).statusCode()).isEqualTo(200);
        assertThat(registry.post("/api/admin/replication/to-nowhere/run", new byte[0]).statusCode()).isEqualTo(200);
        browser = new HeadlessChromium();

        browser.open(registry.base() + "/#/replication");

        var rules = browser.await(d -> d.findElement(byTestId("replication-rules")));
        assertThat(rules.findElement(org.openqa.selenium.By.cssSelector("[data-rule='to-site-b']")).getText())
                .contains("to-site-b", "push", "team/**", "manual", " 2 ", " 0 0");
        assertThat(rules.findElement(org.openqa.selenium.By.cssSelector("[data-rule='to-nowhere'] [data-testid='backlog']")).getText())
                .isEqualTo("2");
        assertThat(browser.find("replication-failures").getText()).contains("to-nowhere", "team/app:1.0", "unreachable");
        browser.screenshot("replication");
    }
}
