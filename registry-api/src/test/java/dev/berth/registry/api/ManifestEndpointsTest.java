package dev.berth.registry.api;

import static dev.berth.registry.api.RegistryClient.DOCKER_CONFIG;
import static dev.berth.registry.api.RegistryClient.DOCKER_LAYER;
import static dev.berth.registry.api.RegistryClient.DOCKER_MANIFEST;
import static dev.berth.registry.api.RegistryClient.DOCKER_MANIFEST_LIST;
import static dev.berth.registry.api.RegistryClient.OCI_CONFIG;
import static dev.berth.registry.api.RegistryClient.OCI_EMPTY;
import static dev.berth.registry.api.RegistryClient.OCI_INDEX;
import static dev.berth.registry.api.RegistryClient.OCI_LAYER;
import static dev.berth.registry.api.RegistryClient.OCI_MANIFEST;
import static dev.berth.registry.api.RegistryClient.assertOciError;
import static dev.berth.registry.api.RegistryClient.assertStatus;
import static dev.berth.registry.api.RegistryClient.imageManifest;
import static dev.berth.registry.api.RegistryClient.imageManifestFields;
import static dev.berth.registry.api.RegistryClient.index;
import static dev.berth.registry.api.RegistryClient.json;
import static dev.berth.registry.api.RegistryClient.location;
import static dev.berth.registry.api.RegistryClient.randomBytes;
import static dev.berth.registry.api.RegistryClient.sha256;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.api.RegistryClient.Content;
import dev.berth.registry.api.RegistryClient.Image;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code PUT}, {@code GET}, {@code HEAD} and {@code DELETE} of {@code /v2/<name>/manifests/<reference>}. */
class ManifestEndpointsTest extends RegistryApiTest {
    private String repo;

    @BeforeEach
    void newRepository() {
        repo = newRepo("manifests");
    }

    private String manifestPath(String reference) {
        return "/v2/" + repo + "/manifests/" + reference;
    }

    @Test
    void ociImageManifestIsServedByTagAndDigestExactlyAsPushed() {
        Content config = registry.pushBlob(repo, OCI_CONFIG, json(Map.of("os", "linux")));
        Content layer = registry.pushBlob(repo, randomBytes(100));
        byte[] manifest = imageManifest(OCI_MANIFEST, config, layer);

        HttpResponse<byte[]> pushed = registry.put(manifestPath("v1"), manifest, "Content-Type", OCI_MANIFEST);

        assertStatus(pushed, 201);
        assertThat(location(pushed)).isEqualTo(manifestPath(sha256(manifest)));
        assertThat(pushed.headers().firstValue("Docker-Content-Digest")).contains(sha256(manifest));
        assertServed("v1", OCI_MANIFEST, manifest);
        assertServed(sha256(manifest), OCI_MANIFEST, manifest);
    }

    @Test
    void headDescribesTheManifestWithoutBody() {
        Image image = registry.pushImage(repo, "v1");

        for (String reference : List.of("v1", image.digest())) {
            HttpResponse<byte[]> head = registry.head(manifestPath(reference), "Accept", OCI_MANIFEST);

            assertStatus(head, 200);
            assertThat(head.headers().firstValueAsLong("Content-Length")).hasValue(image.manifest().size());
            assertThat(head.headers().firstValue("Docker-Content-Digest")).contains(image.digest());
            assertThat(head.headers().firstValue("Content-Type")).contains(OCI_MANIFEST);
            assertThat(head.headers().firstValue(RegistryClient.API_VERSION_HEADER)).contains("registry/2.0");
            assertThat(head.body()).isEmpty();
        }
    }

    @Test
    void ociIndexOfPushedImagesIsServedWithItsType() {
        Image amd64 = registry.pushImage(repo, "amd64");
        Image arm64 = registry.pushImage(repo, "arm64");
        byte[] index = index(OCI_INDEX, amd64.manifest(), arm64.manifest());

        Content pushed = registry.pushManifest(repo, "multi", OCI_INDEX, index);

        assertServed("multi", OCI_INDEX, index);
        assertServed(pushed.digest(), OCI_INDEX, index);
    }

    @Test
    void dockerSchema2ManifestAndManifestListAreServedWithTheirTypes() {
        Content config = registry.pushBlob(repo, DOCKER_CONFIG, json(Map.of("os", "linux")));
        Content layer = registry.pushBlob(repo, DOCKER_LAYER, randomBytes(80));
        byte[] manifest = imageManifest(DOCKER_MANIFEST, config, layer);
        Content image = registry.pushManifest(repo, "docker", DOCKER_MANIFEST, manifest);
        byte[] list = index(DOCKER_MANIFEST_LIST, image);

        registry.pushManifest(repo, "docker-list", DOCKER_MANIFEST_LIST, list);

        assertServed("docker", DOCKER_MANIFEST, manifest);
        assertServed(image.digest(), DOCKER_MANIFEST, manifest);
        assertServed("docker-list", DOCKER_MANIFEST_LIST, list);
        HttpResponse<byte[]> asDocker = registry.get(manifestPath("docker"),
                "Accept", DOCKER_MANIFEST + ", " + DOCKER_MANIFEST_LIST);
        assertStatus(asDocker, 200);
        assertThat(asDocker.headers().firstValue("Content-Type")).contains(DOCKER_MANIFEST);
    }

    @Test
    void artifactWithSubjectReportsTheSubjectOnPush() {
        Image subject = registry.pushImage(repo, "v1");
        Content empty = registry.pushBlob(repo, OCI_EMPTY, "{}".getBytes(StandardCharsets.UTF_8));
        Content signature = registry.pushBlob(repo, "application/vnd.example.signature", randomBytes(30));
        Map<String, Object> fields = imageManifestFields(OCI_MANIFEST, empty, signature);
        fields.put("artifactType", "application/vnd.example.signature");
        fields.put("subject", subject.manifest().descriptor());
        byte[] artifact = json(fields);

        HttpResponse<byte[]> pushed = registry.put(manifestPath(sha256(artifact)), artifact, "Content-Type", OCI_MANIFEST);

        assertStatus(pushed, 201);
        assertThat(pushed.headers().firstValue("OCI-Subject")).contains(subject.digest());
        assertServed(sha256(artifact), OCI_MANIFEST, artifact);
    }

    @Test
    void manifestWithoutSubjectReportsNoSubject() {
        HttpResponse<byte[]> pushed = pushImageManifestAs("plain");

        assertStatus(pushed, 201);
        assertThat(pushed.headers().firstValue("OCI-Subject")).isEmpty();
    }

    @Test
    void pushByDigestStoresAnUntaggedManifest() {
        Content config = registry.pushBlob(repo, OCI_CONFIG, json(Map.of("os", "linux")));
        byte[] manifest = imageManifest(OCI_MANIFEST, config, registry.pushBlob(repo, randomBytes(20)));

        HttpResponse<byte[]> pushed = registry.put(manifestPath(sha256(manifest)), manifest, "Content-Type", OCI_MANIFEST);

        assertStatus(pushed, 201);
        assertServed(sha256(manifest), OCI_MANIFEST, manifest);
        assertThat(registry.tags(repo)).isEmpty();
    }

    @Test
    void ociIndexByTagIsUnknownToAClientAcceptingOnlyDockerManifests() {
        Image image = registry.pushImage(repo, "v1");
        registry.pushManifest(repo, "multi", OCI_INDEX, index(OCI_INDEX, image.manifest()));

        HttpResponse<byte[]> dockerOnly = registry.get(manifestPath("multi"), "Accept", DOCKER_MANIFEST);

        assertOciError(dockerOnly, 404, "MANIFEST_UNKNOWN");
        HttpResponse<byte[]> withIndex = registry.get(manifestPath("multi"),
                "Accept", DOCKER_MANIFEST + ", " + OCI_INDEX + ";q=0.9");
        assertStatus(withIndex, 200);
        assertThat(withIndex.headers().firstValue("Content-Type")).contains(OCI_INDEX);
    }

    @Test
    void acceptTypesMaySpanSeveralHeaders() {
        registry.pushImage(repo, "v1");

        HttpResponse<byte[]> response = registry.get(manifestPath("v1"), "Accept", DOCKER_MANIFEST, "Accept", OCI_MANIFEST);

        assertStatus(response, 200);
        assertThat(response.headers().firstValue("Content-Type")).contains(OCI_MANIFEST);
    }

    @Test
    void manifestReferencingMissingLayerIsRejected() {
        Content config = registry.pushBlob(repo, OCI_CONFIG, json(Map.of("os", "linux")));
        byte[] missingBytes = randomBytes(10);
        Content missing = new Content(OCI_LAYER, sha256(missingBytes), missingBytes);

        HttpResponse<byte[]> response = registry.put(manifestPath("v1"), imageManifest(OCI_MANIFEST, config, missing),
                "Content-Type", OCI_MANIFEST);

        assertOciError(response, 400, "MANIFEST_BLOB_UNKNOWN");
        assertOciError(registry.get(manifestPath("v1")), 404, "MANIFEST_UNKNOWN");
    }

    @Test
    void manifestReferencingMissingConfigIsRejected() {
        byte[] missingBytes = json(Map.of("os", "linux", "nonce", sha256(randomBytes(8))));
        Content missing = new Content(OCI_CONFIG, sha256(missingBytes), missingBytes);

        HttpResponse<byte[]> response = registry.put(manifestPath("v1"),
                imageManifest(OCI_MANIFEST, missing, registry.pushBlob(repo, randomBytes(10))), "Content-Type", OCI_MANIFEST);

        assertOciError(response, 400, "MANIFEST_BLOB_UNKNOWN");
    }

    @Test
    void indexWithMissingChildIsRejected() {
        Image present = registry.pushImage(repo, "v1");
        byte[] absent = json(Map.of("schemaVersion", 2, "nonce", sha256(randomBytes(8))));
        Content missing = new Content(OCI_MANIFEST, sha256(absent), absent);

        HttpResponse<byte[]> response = registry.put(manifestPath("multi"), index(OCI_INDEX, present.manifest(), missing),
                "Content-Type", OCI_INDEX);

        assertOciError(response, 400, "MANIFEST_BLOB_UNKNOWN");
        assertOciError(registry.get(manifestPath("multi")), 404, "MANIFEST_UNKNOWN");
    }

    @Test
    void digestReferenceThatDoesNotMatchTheBodyIsRejected() {
        Content config = registry.pushBlob(repo, OCI_CONFIG, json(Map.of("os", "linux")));
        byte[] manifest = imageManifest(OCI_MANIFEST, config, registry.pushBlob(repo, randomBytes(20)));
        String otherDigest = sha256(randomBytes(20));

        HttpResponse<byte[]> response = registry.put(manifestPath(otherDigest), manifest, "Content-Type", OCI_MANIFEST);

        assertOciError(response, 400, "DIGEST_INVALID");
        assertOciError(registry.get(manifestPath(sha256(manifest))), 404, "MANIFEST_UNKNOWN");
        assertOciError(registry.get(manifestPath(otherDigest)), 404, "MANIFEST_UNKNOWN");
    }

    @Test
    void manifestOverFourMebibytesIsTooLarge() {
        Content config = registry.pushBlob(repo, OCI_CONFIG, json(Map.of("os", "linux")));
        Map<String, Object> fields = imageManifestFields(OCI_MANIFEST, config, registry.pushBlob(repo, randomBytes(20)));
        fields.put("annotations", Map.of("padding", "x".repeat(4 * 1024 * 1024)));
        byte[] manifest = json(fields);

        HttpResponse<byte[]> response = registry.put(manifestPath("huge"), manifest, "Content-Type", OCI_MANIFEST);

        assertOciError(response, 413, "MANIFEST_INVALID");
        assertOciError(registry.get(manifestPath("huge")), 404, "MANIFEST_UNKNOWN");
    }

    @Test
    void invalidTagsAreRejected() {
        byte[] manifest = json(Map.of("schemaVersion", 2));

        assertOciError(registry.put(manifestPath("a".repeat(129)), manifest, "Content-Type", OCI_MANIFEST),
                400, "MANIFEST_INVALID");
        assertOciError(registry.put(manifestPath(".hidden"), manifest, "Content-Type", OCI_MANIFEST),
                400, "MANIFEST_INVALID");
        assertOciError(registry.put(manifestPath("-dash"), manifest, "Content-Type", OCI_MANIFEST),
                400, "MANIFEST_INVALID");
        // Reads by a name no tag can have find nothing (the conformance suite's .INVALID_MANIFEST_NAME).
        assertOciError(registry.get(manifestPath("a".repeat(129))), 404, "MANIFEST_UNKNOWN");
        assertOciError(registry.get(manifestPath(".INVALID_MANIFEST_NAME")), 404, "MANIFEST_UNKNOWN");
        assertStatus(registry.head(manifestPath(".INVALID_MANIFEST_NAME")), 404);
    }

    @Test
    void longestValidTagIsAccepted() {
        HttpResponse<byte[]> pushed = pushImageManifestAs("_" + "a".repeat(127));

        assertStatus(pushed, 201);
    }

    @Test
    void bodyThatIsNotJsonIsManifestInvalid() {
        assertOciError(registry.put(manifestPath("v1"), "{not json".getBytes(StandardCharsets.UTF_8),
                "Content-Type", OCI_MANIFEST), 400, "MANIFEST_INVALID");
        assertOciError(registry.put(manifestPath("v1"), "[1,2]".getBytes(StandardCharsets.UTF_8),
                "Content-Type", OCI_MANIFEST), 400, "MANIFEST_INVALID");
    }

    @Test
    void manifestOfWrongShapeIsManifestInvalid() {
        assertOciError(registry.put(manifestPath("v1"), json(Map.of("schemaVersion", 1, "mediaType", OCI_MANIFEST)),
                "Content-Type", OCI_MANIFEST), 400, "MANIFEST_INVALID");
        assertOciError(registry.put(manifestPath("v1"), json(Map.of("schemaVersion", 2, "mediaType", OCI_MANIFEST)),
                "Content-Type", OCI_MANIFEST), 400, "MANIFEST_INVALID");
        assertOciError(registry.put(manifestPath("v1"), json(Map.of("schemaVersion", 2, "mediaType", OCI_INDEX,
                "manifests", List.of())), "Content-Type", OCI_MANIFEST), 400, "MANIFEST_INVALID");
    }

    @Test
    void deleteByTagRemovesOnlyTheTag() {
        Image image = registry.pushImage(repo, "v1");

        assertStatus(registry.delete(manifestPath("v1")), 202);

        assertOciError(registry.get(manifestPath("v1")), 404, "MANIFEST_UNKNOWN");
        assertServed(image.digest(), OCI_MANIFEST, image.manifest().bytes());
        assertThat(registry.tags(repo)).isEmpty();
        assertOciError(registry.delete(manifestPath("v1")), 404, "MANIFEST_UNKNOWN");
    }

    @Test
    void deleteByDigestRemovesTheManifestAndEveryTagOfIt() {
        Image image = registry.pushImage(repo, "v1");
        registry.pushManifest(repo, "latest", OCI_MANIFEST, image.manifest().bytes());
        Image other = registry.pushImage(repo, "other");

        assertStatus(registry.delete(manifestPath(image.digest())), 202);

        assertOciError(registry.get(manifestPath(image.digest())), 404, "MANIFEST_UNKNOWN");
        assertOciError(registry.get(manifestPath("v1")), 404, "MANIFEST_UNKNOWN");
        assertOciError(registry.get(manifestPath("latest")), 404, "MANIFEST_UNKNOWN");
        assertStatus(registry.head(manifestPath(image.digest())), 404);
        assertThat(registry.tags(repo)).containsExactly("other");
        assertServed(other.digest(), OCI_MANIFEST, other.manifest().bytes());
        assertOciError(registry.delete(manifestPath(image.digest())), 404, "MANIFEST_UNKNOWN");
    }

    @Test
    void pushingToAnExistingTagMovesIt() {
        Image first = registry.pushImage(repo, "v1");
        Image second = registry.pushImage(repo, "v1");

        assertServed("v1", OCI_MANIFEST, second.manifest().bytes());
        assertServed(first.digest(), OCI_MANIFEST, first.manifest().bytes());
    }

    @Test
    void unknownManifestIsManifestUnknown() {
        registry.pushImage(repo, "v1");

        assertOciError(registry.get(manifestPath("nope")), 404, "MANIFEST_UNKNOWN");
        assertOciError(registry.get(manifestPath(sha256(randomBytes(4)))), 404, "MANIFEST_UNKNOWN");
        assertStatus(registry.head(manifestPath("nope")), 404);
        assertOciError(registry.get(manifestPath("sha256:zz")), 400, "DIGEST_INVALID");
    }

    @Test
    void blobIsNotAManifest() {
        Image image = registry.pushImage(repo, "v1");

        assertOciError(registry.get(manifestPath(image.config().digest())), 404, "MANIFEST_UNKNOWN");
    }

    private HttpResponse<byte[]> pushImageManifestAs(String tag) {
        Content config = registry.pushBlob(repo, OCI_CONFIG, json(Map.of("os", "linux")));
        byte[] manifest = imageManifest(OCI_MANIFEST, config, registry.pushBlob(repo, randomBytes(20)));
        return registry.put(manifestPath(tag), manifest, "Content-Type", OCI_MANIFEST);
    }

    private void assertServed(String reference, String mediaType, byte[] content) {
        HttpResponse<byte[]> fetched = registry.get(manifestPath(reference), "Accept", mediaType);
        assertStatus(fetched, 200);
        assertThat(fetched.body()).isEqualTo(content);
        assertThat(fetched.headers().firstValue("Content-Type")).contains(mediaType);
        assertThat(fetched.headers().firstValue("Docker-Content-Digest")).contains(sha256(content));
        assertThat(fetched.headers().firstValueAsLong("Content-Length")).hasValue(content.length);
    }
}
