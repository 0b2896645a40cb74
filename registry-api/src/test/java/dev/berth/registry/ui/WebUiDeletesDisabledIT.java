package dev.berth.registry.ui;

import static dev.berth.registry.ui.HeadlessChromium.byTestId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.api.RegistryApiTest;
import dev.berth.registry.api.RegistryClient;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * Where deleting is not permitted ({@code registry.storage.delete.enabled=false}, the refusal the
 * registry has without auth rules) the UI offers no delete buttons, says so, and a delete sent
 * from the page anyway is refused with a clear message and changes nothing.
 */
@TestPropertySource(properties = "registry.storage.delete.enabled=false")
class WebUiDeletesDisabledIT extends RegistryApiTest {

    @Test
    void noDeleteButtonsAndDeletesFromThePageAreRefused() {
        RegistryClient client = new RegistryClient(port);
        String repo = "ui-readonly-" + UUID.randomUUID().toString().substring(0, 8) + "/app";
        new SampleImages(client).image(repo, "v1", "amd64", "2025-01-01T00:00:00Z", 40_000, 2_000);

        try (HeadlessChromium browser = new HeadlessChromium()) {
            browser.open("http://127.0.0.1:" + port + "/#/repositories/" + repo);
            browser.await(d -> d.findElements(byTestId("tag-row")).size() == 1);
            assertThat(browser.driver().findElements(byTestId("delete-tag"))).isEmpty();
            assertThat(browser.driver().findElements(byTestId("delete-repository"))).isEmpty();
            assertThat(browser.find("no-delete").getText()).isEqualTo("Deleting is not available to you in this repository.");
            browser.screenshot("tags-deletes-disabled");

            browser.driver().findElement(org.openqa.selenium.By.linkText("v1")).click();
            browser.await(d -> d.findElements(byTestId("layer-row")).size() == 2);
            assertThat(browser.driver().findElements(byTestId("delete-image"))).isEmpty();

            @SuppressWarnings("unchecked")
            Map<String, Object> refused = (Map<String, Object>) browser.asyncScript("""
                    const done = arguments[arguments.length - 1];
                    fetch('/api/repositories/' + arguments[0] + '/-/tags/v1', {method: 'DELETE'})
                        .then(async r => done({status: r.status, body: await r.json()}));
                    """, repo);
            assertThat(((Number) refused.get("status")).intValue()).isEqualTo(405);
            assertThat(refused.get("body").toString()).contains("UNSUPPORTED", "deletes are disabled on this registry");
        }
        assertThat(client.tags(repo)).isEqualTo(List.of("v1"));
    }
}
