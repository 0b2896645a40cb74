package dev.berth.registry.browse;

import static dev.berth.registry.api.RegistryClient.assertStatus;
import static dev.berth.registry.api.RegistryClient.readJson;
import static dev.berth.registry.browse.ApiErrors.assertApiError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.api.RegistryApiTest;
import dev.berth.registry.api.RegistryClient.Image;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * With {@code registry.storage.delete.enabled=false} the browse API offers no deletes and refuses
 * them as the distribution API does, leaving everything in place.
 */
@TestPropertySource(properties = "registry.storage.delete.enabled=false")
class BrowseDeletesDisabledTest extends RegistryApiTest {

    @Test
    void viewsSayDeletesAreNotAvailableAndDeletesAreRefused() {
        String repo = newRepo("browse-nodelete");
        Image image = registry.pushImage(repo, "v1");

        assertThat(readJson(registry.get("/api/repositories/" + repo + "/-/tags")).get("canDelete").asBoolean()).isFalse();
        assertThat(readJson(registry.get("/api/repositories/" + repo)).get("canDelete").asBoolean()).isFalse();
        assertThat(readJson(registry.get("/api/repositories/" + repo + "/-/manifests/v1")).get("canDelete").asBoolean())
                .isFalse();

        HttpResponse<byte[]> tag = registry.delete("/api/repositories/" + repo + "/-/tags/v1");
        assertApiError(tag, 405, "UNSUPPORTED");
        assertThat(readJson(tag).get("errors").get(0).get("message").asString())
                .isEqualTo("deletes are disabled on this registry");
        assertApiError(registry.delete("/api/repositories/" + repo + "/-/manifests/" + image.digest()), 405, "UNSUPPORTED");
        assertApiError(registry.delete("/api/repositories/" + repo), 405, "UNSUPPORTED");

        assertThat(registry.tags(repo)).containsExactly("v1");
        assertStatus(registry.get("/v2/" + repo + "/manifests/" + image.digest()), 200);
    }
}
