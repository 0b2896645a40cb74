package dev.berth.registry.api;

import static dev.berth.registry.api.RegistryClient.OCI_EMPTY;
import static dev.berth.registry.api.RegistryClient.OCI_INDEX;
import static dev.berth.registry.api.RegistryClient.OCI_MANIFEST;
import static dev.berth.registry.api.RegistryClient.assertOciError;
import static dev.berth.registry.api.RegistryClient.assertStatus;
import static dev.berth.registry.api.RegistryClient.descriptor;
import static dev.berth.registry.api.RegistryClient.imageManifestFields;
import static dev.berth.registry.api.RegistryClient.json;
import static dev.berth.registry.api.RegistryClient.randomBytes;
import static dev.berth.registry.api.RegistryClient.readJson;
import static dev.berth.registry.api.RegistryClient.sha256;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.api.RegistryClient.Content;
import dev.berth.registry.api.RegistryClient.Image;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code GET /v2/<name>/referrers/<digest>}: the manifests whose {@code subject} is a given manifest. */
class ReferrersTest extends RegistryApiTest {
    private static final String SIGNATURE = "application/vnd.example.signature+json";
    private static final String SBOM = "application/spdx+json";

    private String repo;
    private Image subject;
    private Content empty;

    @BeforeEach
    void pushSubject() {
        repo = newRepo("referrers");
        subject = registry.pushImage(repo, "v1");
        empty = registry.pushBlob(repo, OCI_EMPTY, "{}".getBytes(StandardCharsets.UTF_8));
    }

    private String referrersPath(String digest) {
        return "/v2/" + repo + "/referrers/" + digest;
    }

    @Test
    void listsReferrersAsAnImageIndexOfDescriptors() {
        Content signature = pushArtifact(SIGNATURE, subject.manifest().descriptor(), Map.of("signed-by", "ci"));
        Content sbom = pushArtifact(SBOM, subject.manifest().descriptor(), null);
        registry.pushImage(repo, "unrelated");

        HttpResponse<byte[]> response = registry.get(referrersPath(subject.digest()));

        assertStatus(response, 200);
        assertThat(response.headers().firstValue("Content-Type")).contains(OCI_INDEX);
        assertThat(response.headers().firstValue("OCI-Filters-Applied")).isEmpty();
        JsonNode index = readJson(response);
        assertThat(index.get("schemaVersion").asInt()).isEqualTo(2);
        assertThat(index.get("mediaType").asString()).isEqualTo(OCI_INDEX);
        assertThat(digests(index)).containsExactlyInAnyOrder(signature.digest(), sbom.digest());
        JsonNode signed = find(index, signature.digest());
        assertThat(signed.get("mediaType").asString()).isEqualTo(OCI_MANIFEST);
        assertThat(signed.get("size").asLong()).isEqualTo(signature.size());
        assertThat(signed.get("artifactType").asString()).isEqualTo(SIGNATURE);
        assertThat(signed.get("annotations").get("signed-by").asString()).isEqualTo("ci");
        assertThat(find(index, sbom.digest()).get("artifactType").asString()).isEqualTo(SBOM);
    }

    @Test
    void imageWithSubjectButNoArtifactTypeIsReportedWithItsConfigType() {
        Map<String, Object> fields = imageManifestFields(OCI_MANIFEST, subject.config(), subject.layer());
        fields.put("subject", subject.manifest().descriptor());
        Content referrer = registry.pushManifest(repo, sha256(json(fields)), OCI_MANIFEST, json(fields));

        JsonNode index = readJson(registry.get(referrersPath(subject.digest())));

        assertThat(find(index, referrer.digest()).get("artifactType").asString()).isEqualTo(RegistryClient.OCI_CONFIG);
    }

    @Test
    void artifactTypeFilterKeepsOnlyThatTypeAndSaysSo() {
        Content signature = pushArtifact(SIGNATURE, subject.manifest().descriptor(), null);
        pushArtifact(SBOM, subject.manifest().descriptor(), null);

        HttpResponse<byte[]> response = registry.get(referrersPath(subject.digest())
                + "?artifactType=" + URLEncoder.encode(SIGNATURE, StandardCharsets.UTF_8));

        assertStatus(response, 200);
        assertThat(response.headers().firstValue("OCI-Filters-Applied")).contains("artifactType");
        assertThat(digests(readJson(response))).containsExactly(signature.digest());
    }

    @Test
    void filterMatchingNothingGivesAnEmptyList() {
        pushArtifact(SIGNATURE, subject.manifest().descriptor(), null);

        HttpResponse<byte[]> response = registry.get(referrersPath(subject.digest()) + "?artifactType=text%2Fplain");

        assertStatus(response, 200);
        assertThat(response.headers().firstValue("OCI-Filters-Applied")).contains("artifactType");
        assertThat(readJson(response).get("manifests").isArray()).isTrue();
        assertThat(readJson(response).get("manifests")).isEmpty();
    }

    @Test
    void subjectNobodyRefersToGivesAnEmptyIndex() {
        HttpResponse<byte[]> response = registry.get(referrersPath(sha256(randomBytes(16))));

        assertStatus(response, 200);
        assertThat(response.headers().firstValue("Content-Type")).contains(OCI_INDEX);
        JsonNode index = readJson(response);
        assertThat(index.get("schemaVersion").asInt()).isEqualTo(2);
        assertThat(index.get("manifests").isArray()).isTrue();
        assertThat(index.get("manifests")).isEmpty();
    }

    @Test
    void referrerMayBePushedBeforeItsSubject() {
        byte[] future = randomBytes(12);
        Content artifact = pushArtifact(SIGNATURE, descriptor(OCI_MANIFEST, sha256(future), 12), null);

        JsonNode index = readJson(registry.get(referrersPath(sha256(future))));

        assertThat(digests(index)).containsExactly(artifact.digest());
    }

    @Test
    void deletedReferrerIsNoLongerListed() {
        Content signature = pushArtifact(SIGNATURE, subject.manifest().descriptor(), null);
        Content sbom = pushArtifact(SBOM, subject.manifest().descriptor(), null);

        assertStatus(registry.delete("/v2/" + repo + "/manifests/" + signature.digest()), 202);

        assertThat(digests(readJson(registry.get(referrersPath(subject.digest()))))).containsExactly(sbom.digest());
    }

    @Test
    void referrersInAnotherRepositoryAreNotListed() {
        pushArtifact(SIGNATURE, subject.manifest().descriptor(), null);

        JsonNode index = readJson(registry.get("/v2/" + newRepo("referrers") + "/referrers/" + subject.digest()));

        assertThat(index.get("manifests")).isEmpty();
    }

    @Test
    void malformedDigestIsDigestInvalid() {
        assertOciError(registry.get(referrersPath("v1")), 400, "DIGEST_INVALID");
        assertOciError(registry.get(referrersPath("sha256:1234")), 400, "DIGEST_INVALID");
    }

    /** Pushes an artifact manifest (empty config, one blob) of {@code artifactType} whose subject is given. */
    private Content pushArtifact(String artifactType, Map<String, Object> subjectDescriptor,
                                 Map<String, String> annotations) {
        Content payload = registry.pushBlob(repo, artifactType, randomBytes(24));
        Map<String, Object> fields = imageManifestFields(OCI_MANIFEST, empty, payload);
        fields.put("artifactType", artifactType);
        fields.put("subject", subjectDescriptor);
        if (annotations != null) {
            fields.put("annotations", annotations);
        }
        byte[] manifest = json(fields);
        HttpResponse<byte[]> pushed = registry.put("/v2/" + repo + "/manifests/" + sha256(manifest), manifest,
                "Content-Type", OCI_MANIFEST);
        assertStatus(pushed, 201);
        assertThat(pushed.headers().firstValue("OCI-Subject")).contains((String) subjectDescriptor.get("digest"));
        return new Content(OCI_MANIFEST, sha256(manifest), manifest);
    }

    private static List<String> digests(JsonNode index) {
        List<String> digests = new ArrayList<>();
        index.get("manifests").forEach(descriptor -> digests.add(descriptor.get("digest").asString()));
        return digests;
    }

    private static JsonNode find(JsonNode index, String digest) {
        for (JsonNode descriptor : index.get("manifests")) {
            if (descriptor.get("digest").asString().equals(digest)) {
                return descriptor;
            }
        }
        throw new AssertionError(digest + " not among the referrers " + index);
    }
}
