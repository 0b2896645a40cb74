package dev.berth.registry.ui;

import static dev.berth.registry.auth.AuthFixture.ALICE;
import static dev.berth.registry.auth.AuthFixture.ALICE_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.api.RegistryClient;
import dev.berth.registry.auth.AuthFixture;
import dev.berth.registry.testsupport.RegistryInstance;
import dev.berth.registry.testsupport.TestStorage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stranger on a registry with users, where nothing is public, is asked to sign in instead of
 * being told there are no repositories yet; signed in, they see them.
 */
class WebUiSignInPromptIT {
    @TempDir
    Path folder;

    @Test
    void anAnonymousVisitorIsAskedToSignInRatherThanToldThereIsNothing() throws IOException {
        Path users = AuthFixture.htpasswd(Files.createDirectories(folder.resolve("auth")));
        try (TestStorage storage = TestStorage.filesystem();
             RegistryInstance registry = RegistryInstance.start(storage, "--registry.auth.mode=basic",
                     "--registry.auth.htpasswd-file=" + users);
             HeadlessChromium browser = new HeadlessChromium()) {
            int port = registry.base().getPort();
            new SampleImages(new RegistryClient(port).asUser(ALICE, ALICE_PASSWORD))
                    .image("team/app", "v1", "amd64", "2025-01-01T00:00:00Z", 1_000);

            browser.open(registry.base() + "/#/");
            assertThat(browser.find("sign-in-prompt").getText()).contains("Sign in to see repositories.");
            assertThat(browser.driver().getPageSource()).doesNotContain("No repositories yet");
            browser.screenshotsAtBothWidths("sign-in-prompt");

            browser.find("sign-in-prompt-link").click();
            browser.find("login-user").sendKeys(ALICE);
            browser.find("login-password").sendKeys(ALICE_PASSWORD);
            browser.find("login-submit").click();
            browser.await(d -> d.findElements(HeadlessChromium.byTestId("repo-row")).size() == 1);
        }
    }
}
