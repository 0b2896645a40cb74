package dev.berth.registry.api;

import static dev.berth.registry.api.RegistryClient.OCI_CONFIG;
import static dev.berth.registry.api.RegistryClient.OCI_EMPTY;
import static dev.berth.registry.api.RegistryClient.OCI_INDEX;
import static dev.berth.registry.api.RegistryClient.OCI_LAYER;
import static dev.berth.registry.api.RegistryClient.OCI_MANIFEST;
import static dev.berth.registry.api.RegistryClient.assertOciError;
import static dev.berth.registry.api.RegistryClient.assertStatus;
import static dev.berth.registry.api.RegistryClient.descriptor;
import static dev.berth.registry.api.RegistryClient.json;
import static dev.berth.registry.api.RegistryClient.location;
import static dev.berth.registry.api.RegistryClient.randomBytes;
import static dev.berth.registry.api.RegistryClient.readJson;
import static dev.berth.registry.api.RegistryClient.withQuery;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * sha512 content end to end (distribution-spec after v1.1.1): uploads announced with
 * {@code ?digest-algorithm=sha512}, sha512 blobs and manifests verified, stored and served with
 * their sha512 {@code Docker-Content-Digest}, referrers of a sha512 subject, and its fallback tag.
 */
class Sha512Test extends RegistryApiTest {
    private String repo;

    @BeforeEach
    void newRepository() {
        repo = newRepo("sha512");
    }

    @Test
    void chunkedUploadAnnouncedAsSha512IsVerifiedAndServedBySha512() {
        byte[] bytes = randomBytes(3000);
        HttpResponse<byte[]> started = registry.post("/v2/" + repo + "/blobs/uploads/?digest-algorithm=sha512", new byte[0]);
        assertStatus(started, 202);
        HttpResponse<byte[]> chunk = registry.patch(location(started), Arrays.copyOfRange(bytes, 0, 1000),
                "Content-Range", "0-999", "Content-Type", "application/octet-stream");
        assertStatus(chunk, 202);

        HttpResponse<byte[]> completed = registry.put(withQuery(location(chunk), "digest", sha512(bytes)),
                Arrays.copyOfRange(bytes, 1000, 3000), "Content-Type", "application/octet-stream");

        assertStatus(completed, 201);
        assertThat(location(completed)).isEqualTo("/v2/" + repo + "/blobs/" + sha512(bytes));
        assertThat(completed.headers().firstValue("Docker-Content-Digest")).contains(sha512(bytes));
        assertServed(sha512(bytes), bytes);
        String hex = sha512(bytes).substring("sha512:".length());
        assertThat(STORAGE.isFile("blobs/sha512/" + hex.substring(0, 2) + "/" + hex + "/data")).isTrue();
    }

    @Test
    void monolithicSha512PushIsVerified() {
        byte[] bytes = randomBytes(500);

        assertStatus(registry.post("/v2/" + repo + "/blobs/uploads/?digest=" + sha512(bytes), bytes,
                "Content-Type", "application/octet-stream"), 201);
        assertServed(sha512(bytes), bytes);

        byte[] other = randomBytes(500);
        assertOciError(registry.post("/v2/" + repo + "/blobs/uploads/?digest=" + sha512(bytes), other,
                "Content-Type", "application/octet-stream"), 400, "DIGEST_INVALID");
    }

    @Test
    void uploadWithAWrongSha512DigestIsRejectedAndStoresNothing() {
        byte[] bytes = randomBytes(100);
        String wrong = sha512(randomBytes(100));
        String session = location(registry.post("/v2/" + repo + "/blobs/uploads/?digest-algorithm=sha512", new byte[0]));

        assertOciError(registry.put(withQuery(session, "digest", wrong), bytes), 400, "DIGEST_INVALID");
        assertStatus(registry.head("/v2/" + repo + "/blobs/" + wrong), 404);
    }

    @Test
    void sessionStartedAsSha256MayStillCompleteWithSha512() {
        byte[] bytes = randomBytes(700);
        String session = registry.startUpload(repo);
        String next = location(registry.patch(session, bytes, "Content-Range", "0-699"));

        assertStatus(registry.put(withQuery(next, "digest", sha512(bytes)), new byte[0]), 201);
        assertServed(sha512(bytes), bytes);
    }

    @Test
    void unsupportedDigestAlgorithmIsRefused() {
        assertOciError(registry.post("/v2/" + repo + "/blobs/uploads/?digest-algorithm=md5", new byte[0]),
                400, "DIGEST_INVALID");
    }

    @Test
    void sha512ManifestOfSha512BlobsIsPushedByDigestWithTagsAndServedWithItsDigest() {
        byte[] manifest = sha512Image();
        String digest = sha512(manifest);

        HttpResponse<byte[]> pushed = registry.put("/v2/" + repo + "/manifests/" + digest + "?tag=v1", manifest,
                "Content-Type", OCI_MANIFEST);

        assertStatus(pushed, 201);
        assertThat(pushed.headers().firstValue("Docker-Content-Digest")).contains(digest);
        assertThat(pushed.headers().allValues("OCI-Tag")).containsExactly("v1");
        for (String reference : List.of("v1", digest)) {
            HttpResponse<byte[]> get = registry.get("/v2/" + repo + "/manifests/" + reference, "Accept", OCI_MANIFEST);
            assertStatus(get, 200);
            assertThat(get.body()).isEqualTo(manifest);
            assertThat(get.headers().firstValue("Docker-Content-Digest")).contains(digest);
            HttpResponse<byte[]> head = registry.head("/v2/" + repo + "/manifests/" + reference, "Accept", OCI_MANIFEST);
            assertStatus(head, 200);
            assertThat(head.headers().firstValue("Docker-Content-Digest")).contains(digest);
        }
        assertOciError(registry.put("/v2/" + repo + "/manifests/" + sha512(randomBytes(8)), manifest,
                "Content-Type", OCI_MANIFEST), 400, "DIGEST_INVALID");
    }

    /**
     * A referrer of a sha512 subject is found through the referrers API; a client that falls back
     * to the tag schema uses {@code <alg>-<ref>} with the encoded part cut to 64 characters (a
     * whole sha512 would not fit in a tag), and that tag works here too.
     */
    @Test
    void referrersOfASha512SubjectAndItsFallbackTag() {
        byte[] subject = sha512Image();
        String subjectDigest = sha512(subject);
        assertStatus(registry.put("/v2/" + repo + "/manifests/" + subjectDigest, subject, "Content-Type", OCI_MANIFEST), 201);
        byte[] empty = "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertStatus(registry.post("/v2/" + repo + "/blobs/uploads/?digest=" + sha512(empty), empty), 201);
        Map<String, Object> signature = new LinkedHashMap<>();
        signature.put("schemaVersion", 2);
        signature.put("mediaType", OCI_MANIFEST);
        signature.put("artifactType", "application/vnd.example.signature");
        signature.put("config", descriptor(OCI_EMPTY, sha512(empty), empty.length));
        signature.put("layers", List.of(descriptor(OCI_EMPTY, sha512(empty), empty.length)));
        signature.put("subject", descriptor(OCI_MANIFEST, subjectDigest, subject.length));
        byte[] referrer = json(signature);
        HttpResponse<byte[]> pushed = registry.put("/v2/" + repo + "/manifests/" + sha512(referrer), referrer,
                "Content-Type", OCI_MANIFEST);
        assertStatus(pushed, 201);
        assertThat(pushed.headers().firstValue("OCI-Subject")).contains(subjectDigest);

        HttpResponse<byte[]> listed = registry.get("/v2/" + repo + "/referrers/" + subjectDigest);
        assertStatus(listed, 200);
        JsonNode manifests = readJson(listed).get("manifests");
        assertThat(manifests).hasSize(1);
        assertThat(manifests.get(0).get("digest").asString()).isEqualTo(sha512(referrer));

        String fallbackTag = "sha512-" + subjectDigest.substring("sha512:".length(), "sha512:".length() + 64);
        Map<String, Object> index = new LinkedHashMap<>();
        index.put("schemaVersion", 2);
        index.put("mediaType", OCI_INDEX);
        index.put("manifests", List.of(descriptor(OCI_MANIFEST, sha512(referrer), referrer.length)));
        byte[] fallback = json(index);
        assertStatus(registry.put("/v2/" + repo + "/manifests/" + fallbackTag, fallback, "Content-Type", OCI_INDEX), 201);
        HttpResponse<byte[]> byTag = registry.get("/v2/" + repo + "/manifests/" + fallbackTag, "Accept", OCI_INDEX);
        assertStatus(byTag, 200);
        assertThat(byTag.body()).isEqualTo(fallback);
    }

    /** Pushes a sha512 config and layer; returns an image manifest naming them by sha512. */
    private byte[] sha512Image() {
        byte[] config = json(Map.of("architecture", "amd64", "os", "linux"));
        byte[] layer = randomBytes(64);
        for (byte[] blob : List.of(config, layer)) {
            assertStatus(registry.post("/v2/" + repo + "/blobs/uploads/?digest=" + sha512(blob), blob), 201);
        }
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("schemaVersion", 2);
        manifest.put("mediaType", OCI_MANIFEST);
        manifest.put("config", descriptor(OCI_CONFIG, sha512(config), config.length));
        manifest.put("layers", List.of(descriptor(OCI_LAYER, sha512(layer), layer.length)));
        return json(manifest);
    }

    private void assertServed(String digest, byte[] bytes) {
        HttpResponse<byte[]> get = registry.get("/v2/" + repo + "/blobs/" + digest);
        assertStatus(get, 200);
        assertThat(get.body()).isEqualTo(bytes);
        assertThat(get.headers().firstValue("Docker-Content-Digest")).contains(digest);
        HttpResponse<byte[]> head = registry.head("/v2/" + repo + "/blobs/" + digest);
        assertStatus(head, 200);
        assertThat(head.headers().firstValue("Docker-Content-Digest")).contains(digest);
    }

    static String sha512(byte[] content) {
        try {
            return "sha512:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-512").digest(content));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
