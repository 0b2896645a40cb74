package dev.berth.registry.api;

import static dev.berth.registry.api.RegistryClient.assertOciError;
import static dev.berth.registry.api.RegistryClient.assertStatus;
import static dev.berth.registry.api.RegistryClient.location;
import static dev.berth.registry.api.RegistryClient.randomBytes;
import static dev.berth.registry.api.RegistryClient.sha256;
import static dev.berth.registry.api.RegistryClient.withQuery;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.api.RegistryClient.Content;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Blob uploads: monolithic, chunked, streamed, resumed, cancelled, mounted, and verified. */
class UploadEndpointsTest extends RegistryApiTest {
    private String repo;

    @BeforeEach
    void newRepository() {
        repo = newRepo("uploads");
    }

    @Test
    void monolithicPostWithDigestStoresTheBlob() {
        byte[] bytes = randomBytes(1000);
        String digest = sha256(bytes);

        HttpResponse<byte[]> response = registry.post("/v2/" + repo + "/blobs/uploads/?digest=" + digest, bytes,
                "Content-Type", "application/octet-stream");

        assertStatus(response, 201);
        assertThat(location(response)).isEqualTo("/v2/" + repo + "/blobs/" + digest);
        assertThat(response.headers().firstValue("Docker-Content-Digest")).contains(digest);
        assertBlobReadsAs(digest, bytes);
        assertThat(STORAGE.isFile(blobFile(digest))).as("%s in %s", blobFile(digest), STORAGE).isTrue();
    }

    @Test
    void postThenPutWithWholeBodyStoresTheBlob() {
        byte[] bytes = randomBytes(2000);
        String digest = sha256(bytes);

        HttpResponse<byte[]> started = registry.post("/v2/" + repo + "/blobs/uploads/", new byte[0]);
        assertStatus(started, 202);
        assertThat(location(started)).startsWith("/v2/" + repo + "/blobs/uploads/");
        assertThat(started.headers().firstValue("Docker-Upload-UUID")).isPresent();

        HttpResponse<byte[]> completed = registry.put(withQuery(location(started), "digest", digest), bytes,
                "Content-Type", "application/octet-stream");

        assertStatus(completed, 201);
        assertThat(location(completed)).isEqualTo("/v2/" + repo + "/blobs/" + digest);
        assertThat(completed.headers().firstValue("Docker-Content-Digest")).contains(digest);
        assertBlobReadsAs(digest, bytes);
    }

    @Test
    void chunksPatchedInOrderAreJoinedIntoOneBlob() {
        byte[] bytes = randomBytes(30);
        String session = registry.startUpload(repo);

        HttpResponse<byte[]> first = registry.patch(session, Arrays.copyOfRange(bytes, 0, 10),
                "Content-Range", "0-9", "Content-Type", "application/octet-stream");
        assertStatus(first, 202);
        assertThat(first.headers().firstValue("Range")).contains("0-9");

        HttpResponse<byte[]> second = registry.patch(location(first), Arrays.copyOfRange(bytes, 10, 30),
                "Content-Range", "10-29", "Content-Type", "application/octet-stream");
        assertStatus(second, 202);
        assertThat(second.headers().firstValue("Range")).contains("0-29");
        assertThat(second.headers().firstValue("Docker-Upload-UUID")).isPresent();

        HttpResponse<byte[]> completed = registry.put(withQuery(location(second), "digest", sha256(bytes)), new byte[0]);

        assertStatus(completed, 201);
        assertBlobReadsAs(sha256(bytes), bytes);
    }

    @Test
    void outOfOrderChunkIsRejectedWithTheCurrentOffsetAndTheSessionSurvives() {
        byte[] bytes = randomBytes(20);
        String session = registry.startUpload(repo);
        assertStatus(registry.patch(session, Arrays.copyOfRange(bytes, 0, 10), "Content-Range", "0-9"), 202);

        HttpResponse<byte[]> skipped = registry.patch(session, Arrays.copyOfRange(bytes, 15, 20), "Content-Range", "15-19");

        assertOciError(skipped, 416, "BLOB_UPLOAD_INVALID");
        assertThat(skipped.headers().firstValue("Range")).contains("0-9");
        assertThat(location(skipped)).isEqualTo(session);

        HttpResponse<byte[]> repeated = registry.patch(session, Arrays.copyOfRange(bytes, 0, 10), "Content-Range", "0-9");
        assertOciError(repeated, 416, "BLOB_UPLOAD_INVALID");
        assertThat(repeated.headers().firstValue("Range")).contains("0-9");

        HttpResponse<byte[]> malformed = registry.patch(session, Arrays.copyOfRange(bytes, 10, 20),
                "Content-Range", "ten-nineteen");
        assertOciError(malformed, 416, "BLOB_UPLOAD_INVALID");
        assertThat(malformed.headers().firstValue("Range")).contains("0-9");

        assertStatus(registry.patch(session, Arrays.copyOfRange(bytes, 10, 20), "Content-Range", "10-19"), 202);
        assertStatus(registry.put(withQuery(session, "digest", sha256(bytes)), new byte[0]), 201);
        assertBlobReadsAs(sha256(bytes), bytes);
    }

    @Test
    void streamedPatchWithoutContentRangeAppendsEverythingSent() {
        byte[] bytes = randomBytes(3 * 1024 * 1024 + 5);
        String session = registry.startUpload(repo);

        HttpResponse<byte[]> streamed = registry.patchStreamed(session, bytes);

        assertStatus(streamed, 202);
        assertThat(streamed.headers().firstValue("Range")).contains("0-" + (bytes.length - 1));
        assertStatus(registry.put(withQuery(location(streamed), "digest", sha256(bytes)), new byte[0]), 201);
        assertBlobReadsAs(sha256(bytes), bytes);
    }

    @Test
    void finalPutMayCarryTheLastChunk() {
        byte[] bytes = randomBytes(50);
        String session = registry.startUpload(repo);
        HttpResponse<byte[]> patched = registry.patch(session, Arrays.copyOfRange(bytes, 0, 30), "Content-Range", "0-29");
        assertStatus(patched, 202);

        HttpResponse<byte[]> completed = registry.put(withQuery(location(patched), "digest", sha256(bytes)),
                Arrays.copyOfRange(bytes, 30, 50), "Content-Range", "30-49", "Content-Type", "application/octet-stream");

        assertStatus(completed, 201);
        assertBlobReadsAs(sha256(bytes), bytes);
    }

    @Test
    void finalPutWithLastChunkAtTheWrongOffsetIsRejected() {
        byte[] bytes = randomBytes(50);
        String session = registry.startUpload(repo);
        assertStatus(registry.patch(session, Arrays.copyOfRange(bytes, 0, 30), "Content-Range", "0-29"), 202);

        HttpResponse<byte[]> completed = registry.put(withQuery(session, "digest", sha256(bytes)),
                Arrays.copyOfRange(bytes, 20, 50), "Content-Range", "20-49");

        assertOciError(completed, 416, "BLOB_UPLOAD_INVALID");
        assertThat(completed.headers().firstValue("Range")).contains("0-29");
        assertStatus(registry.head("/v2/" + repo + "/blobs/" + sha256(bytes)), 404);
    }

    @Test
    void statusOfSessionIsNoContentWithRangeAndLocation() {
        String session = registry.startUpload(repo);
        assertStatus(registry.patch(session, randomBytes(7), "Content-Range", "0-6"), 202);

        HttpResponse<byte[]> status = registry.get(session);

        assertStatus(status, 204);
        assertThat(status.headers().firstValue("Range")).contains("0-6");
        assertThat(location(status)).isEqualTo(session);
        assertThat(status.headers().firstValue("Docker-Upload-UUID")).isPresent();
    }

    @Test
    void cancelledSessionIsUnknownAfterwards() {
        String session = registry.startUpload(repo);
        assertStatus(registry.patch(session, randomBytes(8), "Content-Range", "0-7"), 202);

        assertStatus(registry.delete(session), 204);

        assertOciError(registry.get(session), 404, "BLOB_UPLOAD_UNKNOWN");
        assertOciError(registry.patch(session, randomBytes(4), "Content-Range", "8-11"), 404, "BLOB_UPLOAD_UNKNOWN");
        assertOciError(registry.delete(session), 404, "BLOB_UPLOAD_UNKNOWN");
    }

    @Test
    void sessionThatNeverExistedIsUnknown() {
        String session = "/v2/" + repo + "/blobs/uploads/" + UUID.randomUUID();

        assertOciError(registry.get(session), 404, "BLOB_UPLOAD_UNKNOWN");
        assertOciError(registry.patch(session, randomBytes(4)), 404, "BLOB_UPLOAD_UNKNOWN");
        assertOciError(registry.put(withQuery(session, "digest", sha256(new byte[0])), new byte[0]), 404, "BLOB_UPLOAD_UNKNOWN");
        assertOciError(registry.get("/v2/" + repo + "/blobs/uploads/not-a-uuid"), 404, "BLOB_UPLOAD_UNKNOWN");
    }

    @Test
    void completedSessionCannotBeReused() {
        byte[] bytes = randomBytes(10);
        String session = registry.startUpload(repo);
        assertStatus(registry.put(withQuery(session, "digest", sha256(bytes)), bytes), 201);

        assertOciError(registry.patch(session, randomBytes(4)), 404, "BLOB_UPLOAD_UNKNOWN");
    }

    @Test
    void putWithoutDigestIsDigestInvalid() {
        String session = registry.startUpload(repo);

        assertOciError(registry.put(session, randomBytes(10)), 400, "DIGEST_INVALID");
    }

    @Test
    void mountFromAnotherRepositoryLinksTheBlobWithoutUpload() {
        String source = newRepo("uploads");
        Content blob = registry.pushBlob(source, randomBytes(100));

        HttpResponse<byte[]> mounted = registry.post(
                "/v2/" + repo + "/blobs/uploads/?mount=" + blob.digest() + "&from=" + source, new byte[0]);

        assertStatus(mounted, 201);
        assertThat(location(mounted)).isEqualTo("/v2/" + repo + "/blobs/" + blob.digest());
        assertThat(mounted.headers().firstValue("Docker-Content-Digest")).contains(blob.digest());
        assertBlobReadsAs(blob.digest(), blob.bytes());
    }

    @Test
    void mountFromRepositoryLackingTheBlobFallsBackToAnUploadSession() {
        String source = newRepo("uploads");
        registry.pushBlob(source, randomBytes(10));
        String elsewhere = newRepo("uploads");
        Content notInSource = registry.pushBlob(elsewhere, randomBytes(100));

        HttpResponse<byte[]> fallback = registry.post(
                "/v2/" + repo + "/blobs/uploads/?mount=" + notInSource.digest() + "&from=" + source, new byte[0]);

        assertStatus(fallback, 202);
        assertThat(location(fallback)).startsWith("/v2/" + repo + "/blobs/uploads/");
        assertStatus(registry.head("/v2/" + repo + "/blobs/" + notInSource.digest()), 404);
        HttpResponse<byte[]> uploaded = registry.put(withQuery(location(fallback), "digest", notInSource.digest()),
                notInSource.bytes());
        assertStatus(uploaded, 201);
        assertBlobReadsAs(notInSource.digest(), notInSource.bytes());
    }

    @Test
    void mountWithoutFromOfContentNobodyHasFallsBackToAnUploadSession() {
        String digest = sha256(randomBytes(32));

        HttpResponse<byte[]> fallback = registry.post("/v2/" + repo + "/blobs/uploads/?mount=" + digest, new byte[0]);

        assertStatus(fallback, 202);
        assertThat(location(fallback)).startsWith("/v2/" + repo + "/blobs/uploads/");
    }

    @Test
    void mountWithoutFromOfStoredContentLinksIt() {
        Content blob = registry.pushBlob(newRepo("uploads"), randomBytes(40));

        HttpResponse<byte[]> mounted = registry.post("/v2/" + repo + "/blobs/uploads/?mount=" + blob.digest(), new byte[0]);

        assertStatus(mounted, 201);
        assertBlobReadsAs(blob.digest(), blob.bytes());
    }

    @Test
    void pushWithWrongDigestIsRejectedAndStoresNothing() {
        byte[] bytes = randomBytes(500);
        String claimed = sha256(randomBytes(500));

        HttpResponse<byte[]> response = registry.post("/v2/" + repo + "/blobs/uploads/?digest=" + claimed, bytes);

        assertOciError(response, 400, "DIGEST_INVALID");
        assertStatus(registry.head("/v2/" + repo + "/blobs/" + claimed), 404);
        assertStatus(registry.head("/v2/" + repo + "/blobs/" + sha256(bytes)), 404);
        assertThat(STORAGE.isFile(blobFile(claimed))).isFalse();
        assertThat(STORAGE.isFile(blobFile(sha256(bytes)))).isFalse();
        assertThat(STORAGE.children(uploadsFolder())).isEmpty();
    }

    @Test
    void chunkedUploadWithWrongDigestIsRejectedAndStoresNothing() {
        byte[] bytes = randomBytes(64);
        String claimed = sha256(randomBytes(64));
        String session = registry.startUpload(repo);
        assertStatus(registry.patch(session, bytes, "Content-Range", "0-63"), 202);

        assertOciError(registry.put(withQuery(session, "digest", claimed), new byte[0]), 400, "DIGEST_INVALID");

        assertStatus(registry.head("/v2/" + repo + "/blobs/" + claimed), 404);
        assertThat(STORAGE.isFile(blobFile(claimed))).isFalse();
        assertThat(STORAGE.isFile(blobFile(sha256(bytes)))).isFalse();
    }

    @Test
    void malformedDigestParameterIsDigestInvalid() {
        assertOciError(registry.post("/v2/" + repo + "/blobs/uploads/?digest=sha256:xyz", randomBytes(3)),
                400, "DIGEST_INVALID");
        assertOciError(registry.post("/v2/" + repo + "/blobs/uploads/?mount=nonsense&from=" + repo, new byte[0]),
                400, "DIGEST_INVALID");
    }

    private void assertBlobReadsAs(String digest, byte[] bytes) {
        HttpResponse<byte[]> fetched = registry.get("/v2/" + repo + "/blobs/" + digest);
        assertStatus(fetched, 200);
        assertThat(fetched.body()).isEqualTo(bytes);
    }

    private static String blobFile(String digest) {
        String hex = digest.substring("sha256:".length());
        return "blobs/sha256/" + hex.substring(0, 2) + "/" + hex + "/data";
    }

    private String uploadsFolder() {
        return "repositories/" + repo + "/_uploads";
    }
}
