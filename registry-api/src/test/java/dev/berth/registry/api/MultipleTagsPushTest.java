package dev.berth.registry.api;

import static dev.berth.registry.api.RegistryClient.OCI_CONFIG;
import static dev.berth.registry.api.RegistryClient.OCI_MANIFEST;
import static dev.berth.registry.api.RegistryClient.assertOciError;
import static dev.berth.registry.api.RegistryClient.assertStatus;
import static dev.berth.registry.api.RegistryClient.imageManifest;
import static dev.berth.registry.api.RegistryClient.json;
import static dev.berth.registry.api.RegistryClient.randomBytes;
import static dev.berth.registry.api.RegistryClient.sha256;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.api.RegistryClient.Content;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code PUT /v2/<name>/manifests/<digest>?tag=a&tag=b}: several tags in one push (distribution-spec after v1.1.1). */
class MultipleTagsPushTest extends RegistryApiTest {
    private String repo;
    private byte[] manifest;

    @BeforeEach
    void blobs() {
        repo = newRepo("multitag");
        Content config = registry.pushBlob(repo, OCI_CONFIG, json(Map.of("architecture", "amd64", "os", "linux")));
        Content layer = registry.pushBlob(repo, randomBytes(32));
        manifest = imageManifest(OCI_MANIFEST, config, layer);
    }

    @Test
    void twelveTagsInOnePushAreAllSetAndEachNamedInAnOciTagHeader() {
        List<String> tags = IntStream.rangeClosed(1, 12).mapToObj(i -> "v1." + i).toList();

        HttpResponse<byte[]> response = registry.put(path(sha256(manifest)) + query(tags), manifest,
                "Content-Type", OCI_MANIFEST);

        assertStatus(response, 201);
        assertThat(response.headers().firstValue("Docker-Content-Digest")).contains(sha256(manifest));
        assertThat(response.headers().allValues("OCI-Tag")).containsExactlyInAnyOrderElementsOf(tags);
        assertThat(registry.tags(repo)).containsExactlyInAnyOrderElementsOf(tags);
        for (String tag : tags) {
            HttpResponse<byte[]> byTag = registry.get(path(tag), "Accept", OCI_MANIFEST);
            assertStatus(byTag, 200);
            assertThat(byTag.headers().firstValue("Docker-Content-Digest")).contains(sha256(manifest));
        }
    }

    @Test
    void moreTagsThanTheLimitAre413AndStoreNothing() {
        List<String> tags = IntStream.rangeClosed(1, 101).mapToObj(i -> "t" + i).toList();

        HttpResponse<byte[]> response = registry.put(path(sha256(manifest)) + query(tags), manifest,
                "Content-Type", OCI_MANIFEST);

        assertOciError(response, 413, "MANIFEST_INVALID");
        assertStatus(registry.head(path(sha256(manifest))), 404);
        assertStatus(registry.head(path("t1")), 404);
    }

    @Test
    void oneInvalidTagRefusesThePushAndStoresNothing() {
        HttpResponse<byte[]> response = registry.put(path(sha256(manifest)) + "?tag=good&tag=-bad", manifest,
                "Content-Type", OCI_MANIFEST);

        assertOciError(response, 400, "MANIFEST_INVALID");
        assertStatus(registry.head(path(sha256(manifest))), 404);
        assertStatus(registry.head(path("good")), 404);
    }

    private String path(String reference) {
        return "/v2/" + repo + "/manifests/" + reference;
    }

    private static String query(List<String> tags) {
        return tags.stream().map(tag -> "tag=" + tag).collect(Collectors.joining("&", "?", ""));
    }
}
