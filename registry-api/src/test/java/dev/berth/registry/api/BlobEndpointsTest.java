package dev.berth.registry.api;

import static dev.berth.registry.api.RegistryClient.API_VERSION_HEADER;
import static dev.berth.registry.api.RegistryClient.assertOciError;
import static dev.berth.registry.api.RegistryClient.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.api.RegistryClient.Content;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code HEAD}, {@code GET} and {@code DELETE} of {@code /v2/<name>/blobs/<digest>}. */
class BlobEndpointsTest extends RegistryApiTest {
    private static final byte[] TEN_BYTES = "0123456789".getBytes(StandardCharsets.US_ASCII);

    private String repo;
    private Content blob;

    @BeforeEach
    void pushBlob() {
        repo = newRepo("blobs");
        blob = registry.pushBlob(repo, TEN_BYTES);
    }

    private String blobPath() {
        return "/v2/" + repo + "/blobs/" + blob.digest();
    }

    @Test
    void headDescribesTheBlobWithoutBody() {
        HttpResponse<byte[]> response = registry.head(blobPath());

        assertStatus(response, 200);
        assertThat(response.headers().firstValueAsLong("Content-Length")).hasValue(10);
        assertThat(response.headers().firstValue("Docker-Content-Digest")).contains(blob.digest());
        assertThat(response.headers().firstValue("ETag")).contains("\"" + blob.digest() + "\"");
        assertThat(response.headers().firstValue(API_VERSION_HEADER)).contains("registry/2.0");
        assertThat(response.body()).isEmpty();
    }

    @Test
    void getReturnsTheExactBytesWithHeaders() {
        HttpResponse<byte[]> response = registry.get(blobPath());

        assertStatus(response, 200);
        assertThat(response.body()).isEqualTo(TEN_BYTES);
        assertThat(response.headers().firstValueAsLong("Content-Length")).hasValue(10);
        assertThat(response.headers().firstValue("Docker-Content-Digest")).contains(blob.digest());
        assertThat(response.headers().firstValue("ETag")).contains("\"" + blob.digest() + "\"");
    }

    @Test
    void largeBlobRoundTripsUnchanged() {
        byte[] large = RegistryClient.randomBytes(3 * 1024 * 1024 + 17);
        Content big = registry.pushBlob(repo, large);

        HttpResponse<byte[]> response = registry.get("/v2/" + repo + "/blobs/" + big.digest());

        assertStatus(response, 200);
        assertThat(RegistryClient.sha256(response.body())).isEqualTo(big.digest());
    }

    @Test
    void conditionalGetWithMatchingEtagIsNotModified() {
        HttpResponse<byte[]> response = registry.get(blobPath(), "If-None-Match", "\"" + blob.digest() + "\"");

        assertStatus(response, 304);
        assertThat(response.body()).isEmpty();
    }

    @Test
    void rangeWithStartAndEndReturnsThosePartialBytes() {
        HttpResponse<byte[]> response = registry.get(blobPath(), "Range", "bytes=2-5");

        assertStatus(response, 206);
        assertThat(new String(response.body(), StandardCharsets.US_ASCII)).isEqualTo("2345");
        assertThat(response.headers().firstValue("Content-Range")).contains("bytes 2-5/10");
        assertThat(response.headers().firstValueAsLong("Content-Length")).hasValue(4);
    }

    @Test
    void suffixRangeReturnsTheLastBytes() {
        HttpResponse<byte[]> response = registry.get(blobPath(), "Range", "bytes=-3");

        assertStatus(response, 206);
        assertThat(new String(response.body(), StandardCharsets.US_ASCII)).isEqualTo("789");
        assertThat(response.headers().firstValue("Content-Range")).contains("bytes 7-9/10");
    }

    @Test
    void openEndedRangeReturnsTheRest() {
        byte[] longer = Arrays.copyOf(TEN_BYTES, 16);
        Arrays.fill(longer, 10, 16, (byte) 'x');
        Content sixteen = registry.pushBlob(repo, longer);

        HttpResponse<byte[]> response = registry.get("/v2/" + repo + "/blobs/" + sixteen.digest(), "Range", "bytes=10-");

        assertStatus(response, 206);
        assertThat(new String(response.body(), StandardCharsets.US_ASCII)).isEqualTo("xxxxxx");
        assertThat(response.headers().firstValue("Content-Range")).contains("bytes 10-15/16");
    }

    @Test
    void rangeEndingPastTheEndIsClippedToTheContent() {
        HttpResponse<byte[]> response = registry.get(blobPath(), "Range", "bytes=8-100");

        assertStatus(response, 206);
        assertThat(new String(response.body(), StandardCharsets.US_ASCII)).isEqualTo("89");
        assertThat(response.headers().firstValue("Content-Range")).contains("bytes 8-9/10");
    }

    @Test
    void rangeStartingPastTheEndIsUnsatisfiableWithSize() {
        HttpResponse<byte[]> response = registry.get(blobPath(), "Range", "bytes=10-");

        assertOciError(response, 416, "UNSUPPORTED");
        assertThat(response.headers().firstValue("Content-Range")).contains("bytes */10");
        assertThat(response.headers().firstValue("Cache-Control"))
                .as("an error must not be cached as if it were the blob").isEmpty();
    }

    @Test
    void deleteUnlinksTheBlobFromTheRepository() {
        HttpResponse<byte[]> deleted = registry.delete(blobPath());

        assertStatus(deleted, 202);
        assertStatus(registry.head(blobPath()), 404);
        assertOciError(registry.get(blobPath()), 404, "BLOB_UNKNOWN");
        assertOciError(registry.delete(blobPath()), 404, "BLOB_UNKNOWN");
    }

    @Test
    void unknownBlobIsBlobUnknown() {
        String missing = RegistryClient.sha256("never pushed".getBytes(StandardCharsets.UTF_8));

        assertOciError(registry.get("/v2/" + repo + "/blobs/" + missing), 404, "BLOB_UNKNOWN");
    }

    @Test
    void headOfUnknownBlobIsNotFoundWithoutBody() {
        String missing = RegistryClient.sha256("never pushed".getBytes(StandardCharsets.UTF_8));

        HttpResponse<byte[]> response = registry.head("/v2/" + repo + "/blobs/" + missing);

        assertStatus(response, 404);
        assertThat(response.body()).isEmpty();
    }

    @Test
    void malformedDigestIsDigestInvalid() {
        assertOciError(registry.get("/v2/" + repo + "/blobs/sha256:abc"), 400, "DIGEST_INVALID");
        assertOciError(registry.get("/v2/" + repo + "/blobs/not-a-digest"), 400, "DIGEST_INVALID");
        assertOciError(registry.get("/v2/" + repo + "/blobs/sha256:" + "A".repeat(64)), 400, "DIGEST_INVALID");
        assertOciError(registry.delete("/v2/" + repo + "/blobs/md5:d41d8cd98f00b204e9800998ecf8427e"), 400, "DIGEST_INVALID");
    }
}
