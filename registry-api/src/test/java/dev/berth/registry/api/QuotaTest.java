package dev.berth.registry.api;

import static dev.berth.registry.api.RegistryClient.assertOciError;
import static dev.berth.registry.api.RegistryClient.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.testsupport.RegistryInstance;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * {@code registry.quotas}: pushes that would take a group of repositories past its limit are denied
 * and leave nothing behind; deletes give the room back; the browse API shows usage and limit.
 */
@TestPropertySource(properties = {
        "registry.quotas[0].repositories=quota-blob/**",
        "registry.quotas[0].limit=1KB",
        "registry.quotas[1].repositories=quota-manifest/**",
        "registry.quotas[1].limit=2KB",
        "registry.quotas[2].repositories=quota-delete/**",
        "registry.quotas[2].limit=1MB",
        "registry.quotas[3].repositories=quota-mount/**",
        "registry.quotas[3].limit=1KB"})
class QuotaTest extends RegistryApiTest {

    @Test
    void aMonolithicUploadOverTheQuotaIsDeniedWithUsedAndLimitAndStoresNothing() {
        String repo = newRepo("quota-blob");
        registry.pushBlob(repo, RegistryClient.randomBytes(600));
        byte[] tooMuch = RegistryClient.randomBytes(600);
        String digest = RegistryClient.sha256(tooMuch);

        HttpResponse<byte[]> refused = registry.post("/v2/" + repo + "/blobs/uploads/?digest=" + digest, tooMuch,
                "Content-Type", "application/octet-stream");

        assertOciError(refused, 403, "DENIED");
        assertThat(new String(refused.body(), StandardCharsets.UTF_8))
                .contains("quota exceeded: 600 B/1.0 KiB used by registry.quotas[0] (repositories quota-blob/**)")
                .contains("this push needs 600 B more");
        assertStatus(registry.head("/v2/" + repo + "/blobs/" + digest), 404);
    }

    @Test
    void aChunkedUploadOverTheQuotaIsDeniedAtItsLastPutAndItsSessionIsGone() {
        String repo = newRepo("quota-blob");
        byte[] chunk = RegistryClient.randomBytes(1500);
        String session = RegistryInstance.location(registry.post("/v2/" + repo + "/blobs/uploads/", new byte[0]));
        HttpResponse<byte[]> patched = registry.patch(session, chunk, "Content-Type", "application/octet-stream");
        assertStatus(patched, 202);

        HttpResponse<byte[]> refused = registry.put(RegistryInstance.withQuery(RegistryInstance.location(patched),
                "digest", RegistryClient.sha256(chunk)), new byte[0]);

        assertOciError(refused, 403, "DENIED");
        assertOciError(registry.get(RegistryInstance.location(patched)), 404, "BLOB_UPLOAD_UNKNOWN");
        assertStatus(registry.head("/v2/" + repo + "/blobs/" + RegistryClient.sha256(chunk)), 404);
    }

    @Test
    void aManifestOverTheQuotaIsDeniedAndNeitherItNorItsTagExists() {
        String repo = newRepo("quota-manifest");
        RegistryClient.Content config = registry.pushBlob(repo, RegistryClient.OCI_CONFIG,
                RegistryClient.json(Map.of("architecture", "amd64", "os", "linux")));
        RegistryClient.Content layer = registry.pushBlob(repo, RegistryClient.randomBytes(1900));
        byte[] manifest = RegistryClient.imageManifest(RegistryClient.OCI_MANIFEST, config, layer);

        HttpResponse<byte[]> refused = registry.put("/v2/" + repo + "/manifests/v1", manifest,
                "Content-Type", RegistryClient.OCI_MANIFEST);

        assertOciError(refused, 403, "DENIED");
        assertThat(new String(refused.body(), StandardCharsets.UTF_8)).contains("quota exceeded: ")
                .contains("/2.0 KiB used by registry.quotas[1] (repositories quota-manifest/**)");
        assertOciError(registry.get("/v2/" + repo + "/manifests/" + RegistryClient.sha256(manifest)), 404,
                "MANIFEST_UNKNOWN");
        assertOciError(registry.get("/v2/" + repo + "/manifests/v1"), 404, "MANIFEST_UNKNOWN");
    }

    @Test
    void aMountThatBringsNewContentIntoAFullQuotaIsDenied() {
        String source = newRepo("elsewhere");
        RegistryClient.Content first = registry.pushBlob(source, RegistryClient.randomBytes(800));
        RegistryClient.Content second = registry.pushBlob(source, RegistryClient.randomBytes(300));
        String repo = newRepo("quota-mount");

        assertStatus(registry.post("/v2/" + repo + "/blobs/uploads/?mount=" + first.digest() + "&from=" + source,
                new byte[0]), 201);
        HttpResponse<byte[]> refused = registry.post("/v2/" + repo + "/blobs/uploads/?mount=" + second.digest()
                + "&from=" + source, new byte[0]);

        assertOciError(refused, 403, "DENIED");
        assertStatus(registry.head("/v2/" + repo + "/blobs/" + second.digest()), 404);
        // Content the quota's repositories hold already costs nothing more.
        assertStatus(registry.post("/v2/" + newRepo("quota-mount") + "/blobs/uploads/?mount=" + first.digest()
                + "&from=" + repo, new byte[0]), 201);
    }

    @Test
    void deletesGiveTheRoomBackAndTheBrowseApiShowsUsageAndLimit() {
        String repo = newRepo("quota-delete");
        RegistryClient.Image image = registry.pushImage(repo, "v1");
        long imageBytes = image.manifest().size() + image.config().size() + image.layer().size();
        assertThat(quota(2).get("usedBytes").asLong()).isEqualTo(imageBytes);
        assertThat(quota(2).get("limitBytes").asLong()).isEqualTo(1024 * 1024);
        assertThat(quota(2).get("repositories").asString()).isEqualTo("quota-delete/**");

        assertStatus(registry.delete("/v2/" + repo + "/manifests/" + image.digest()), 202);
        assertStatus(registry.delete("/v2/" + repo + "/blobs/" + image.layer().digest()), 202);

        assertThat(quota(2).get("usedBytes").asLong()).isEqualTo(image.config().size());
    }

    private JsonNode quota(int index) {
        HttpResponse<byte[]> usage = registry.get("/api/usage");
        assertStatus(usage, 200);
        for (JsonNode quota : RegistryClient.readJson(usage).get("quotas")) {
            if (quota.get("index").asInt() == index) {
                return quota;
            }
        }
        throw new AssertionError("no quota " + index + " in " + new String(usage.body(), StandardCharsets.UTF_8));
    }
}
