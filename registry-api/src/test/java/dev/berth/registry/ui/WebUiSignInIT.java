package dev.berth.registry.ui;

import static dev.berth.registry.auth.AuthFixture.CAROL;
import static dev.berth.registry.auth.AuthFixture.CAROL_PASSWORD;
import static dev.berth.registry.ui.HeadlessChromium.byTestId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.api.BasicModeApiTest;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/**
 * The web UI on a registry with users and rules ({@code registry.auth.mode=basic}): a stranger
 * sees only what anyone may pull, signing in shows what the user may pull, a wrong password is
 * refused, and a user without {@code delete} gets no delete buttons.
 */
class WebUiSignInIT extends BasicModeApiTest {

    @Test
    void signingInShowsOnlyTheRepositoriesTheUserMayPull() {
        String id = "ui-" + UUID.randomUUID().toString().substring(0, 8);
        for (String area : List.of("team-a", "team-b", "public")) {
            new SampleImages(alice).image(area + "/" + id, "v1", "amd64", "2025-01-01T00:00:00Z", 30_000, 1_000);
        }

        try (HeadlessChromium browser = new HeadlessChromium()) {
            browser.open("http://127.0.0.1:" + port + "/#/?q=" + id);
            browser.await(d -> repositoryNames(d).equals(List.of("public/" + id)));

            browser.find("sign-in").click();
            browser.find("login-user").sendKeys(CAROL);
            browser.find("login-password").sendKeys("not-her-password");
            browser.find("login-submit").click();
            browser.await(d -> d.findElement(byTestId("login-error")).getText().equals("Wrong user name or password."));
            browser.screenshot("sign-in");

            browser.find("login-password").clear();
            browser.find("login-password").sendKeys(CAROL_PASSWORD);
            browser.find("login-submit").click();
            browser.await(d -> repositoryNames(d).equals(List.of("public/" + id, "team-a/" + id)));
            assertThat(browser.find("signed-in-as").getText()).isEqualTo(CAROL);
            browser.screenshot("repositories-signed-in");

            browser.open("http://127.0.0.1:" + port + "/#/repositories/team-a/" + id);
            browser.await(d -> d.findElements(byTestId("tag-row")).size() == 1);
            assertThat(browser.driver().findElements(byTestId("delete-tag"))).isEmpty();
            assertThat(browser.driver().findElements(byTestId("delete-repository"))).isEmpty();
            assertThat(browser.find("no-delete").isDisplayed()).isTrue();

            browser.open("http://127.0.0.1:" + port + "/#/repositories/team-b/" + id);
            assertThat(browser.find("error").getText()).isEqualTo("requested access to the resource is denied");

            browser.find("sign-out").click();
            browser.open("http://127.0.0.1:" + port + "/#/?q=" + id);
            browser.await(d -> repositoryNames(d).equals(List.of("public/" + id)));
        }
    }

    @SuppressWarnings("unchecked")
    private static List<String> repositoryNames(WebDriver driver) {
        return (List<String>) ((JavascriptExecutor) driver).executeScript(
                "return [...document.querySelectorAll(\"[data-testid='repo-row']\")].map(row => row.dataset.name)");
    }
}
