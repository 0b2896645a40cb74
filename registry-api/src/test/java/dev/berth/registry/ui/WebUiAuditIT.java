package dev.berth.registry.ui;

import static dev.berth.registry.auth.AuthFixture.ALICE;
import static dev.berth.registry.auth.AuthFixture.ALICE_PASSWORD;
import static dev.berth.registry.auth.AuthFixture.BOB;
import static dev.berth.registry.ui.HeadlessChromium.byTestId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.api.BasicModeApiTest;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebDriver;

/** The web UI's Audit page: an admin sees the newest records of the trail and filters them. */
class WebUiAuditIT extends BasicModeApiTest {

    @Test
    void auditPageListsTheNewestRecordsAndFiltersThemByRepository() throws InterruptedException {
        String pushed = "team-a/ui-" + UUID.randomUUID().toString().substring(0, 8);
        String other = "team-a/ui-" + UUID.randomUUID().toString().substring(0, 8);
        bob.pushImage(pushed, "1");
        bob.pushImage(other, "1");
        assertThat(bob.delete("/v2/" + pushed + "/manifests/1").statusCode()).isEqualTo(202);

        try (HeadlessChromium browser = new HeadlessChromium()) {
            browser.open("http://127.0.0.1:" + port + "/#/sign-in?then=" + "%23%2Faudit");
            browser.find("login-user").sendKeys(ALICE);
            browser.find("login-password").sendKeys(ALICE_PASSWORD);
            browser.find("login-submit").click();
            browser.find("audit-records");

            // Records reach the store within a second of the request; Filter again shows what came since.
            browser.find("audit-repository").sendKeys(pushed);
            browser.await(d -> {
                d.findElement(byTestId("audit-apply")).click();
                if (actions(d).equals(List.of("delete", "push"))) {
                    return Boolean.TRUE;
                }
                return retryAfterPause();
            });
            assertThat(browser.driver().getCurrentUrl()).endsWith("#/audit?repository=" + pushed.replace("/", "%2F"));
            String table = browser.find("audit-records").getText();
            assertThat(table).contains(pushed, BOB, "127.0.0.1").doesNotContain(other);
            browser.screenshot("audit");
        }
    }

    private static List<String> actions(WebDriver driver) {
        return driver.findElements(byTestId("audit-record")).stream().map(row -> row.getAttribute("data-action"))
                .toList();
    }

    /** Null keeps the wait going; a short pause so the page is not asked again at once. */
    private static Boolean retryAfterPause() {
        try {
            Thread.sleep(300);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return null;
    }

}
