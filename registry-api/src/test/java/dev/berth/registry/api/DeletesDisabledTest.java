package dev.berth.registry.api;

import static dev.berth.registry.api.RegistryClient.assertOciError;
import static dev.berth.registry.api.RegistryClient.assertStatus;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** With {@code registry.storage.delete.enabled=false} every delete is refused and nothing is removed. */
@TestPropertySource(properties = "registry.storage.delete.enabled=false")
class DeletesDisabledTest extends RegistryApiTest {

    @Test
    void manifestTagAndBlobDeletesAreUnsupportedAndLeaveContentInPlace() {
        String repo = newRepo("nodelete");
        RegistryClient.Image image = registry.pushImage(repo, "v1");

        assertOciError(registry.delete("/v2/" + repo + "/manifests/v1"), 405, "UNSUPPORTED");
        assertOciError(registry.delete("/v2/" + repo + "/manifests/" + image.digest()), 405, "UNSUPPORTED");
        assertOciError(registry.delete("/v2/" + repo + "/blobs/" + image.layer().digest()), 405, "UNSUPPORTED");

        assertStatus(registry.get("/v2/" + repo + "/manifests/v1"), 200);
        assertStatus(registry.get("/v2/" + repo + "/blobs/" + image.layer().digest()), 200);
    }
}
