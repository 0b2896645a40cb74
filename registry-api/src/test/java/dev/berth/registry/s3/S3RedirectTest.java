package dev.berth.registry.s3;

import static dev.berth.registry.testsupport.RegistryInstance.describe;
import static dev.berth.registry.testsupport.RegistryInstance.sha256;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.testsupport.RegistryInstance;
import dev.berth.registry.testsupport.TestStorage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** With {@code registry.storage.s3.redirect.enabled}, blob bytes come straight from S3 by a presigned URL. */
class S3RedirectTest {
    private static TestStorage.S3 storage;
    private static RegistryInstance registry;

    @BeforeAll
    static void startRegistry() {
        storage = TestStorage.s3();
        registry = RegistryInstance.start(storage,
                "--registry.storage.s3.redirect.enabled=true", "--registry.storage.s3.redirect.expiry=5m");
    }

    @AfterAll
    static void stopRegistry() {
        if (registry != null) {
            registry.close();
        }
        if (storage != null) {
            storage.close();
        }
    }

    @Test
    void blobGetRedirectsToAPresignedUrlThatServesTheBytes() throws Exception {
        byte[] blob = new byte[100_000];
        new Random(5).nextBytes(blob);
        String digest = sha256(blob);
        HttpResponse<byte[]> pushed = registry.post("/v2/redirect/app/blobs/uploads/?digest=" + digest, blob,
                "Content-Type", "application/octet-stream");
        assertThat(pushed.statusCode()).as(describe(pushed)).isEqualTo(201);

        HttpResponse<byte[]> response = registry.get("/v2/redirect/app/blobs/" + digest);

        assertThat(response.statusCode()).as(describe(response)).isEqualTo(307);
        URI target = URI.create(response.headers().firstValue("Location").orElseThrow());
        assertThat(target.getPort()).as("points at S3, not the registry").isEqualTo(storage.server().endpoint().getPort());
        HttpResponse<byte[]> fetched = HttpClient.newHttpClient().send(HttpRequest.newBuilder(target).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(fetched.statusCode()).as(describe(fetched)).isEqualTo(200);
        assertThat(fetched.body()).isEqualTo(blob);
    }

    @Test
    void unknownBlobIsStillBlobUnknownNotARedirect() {
        HttpResponse<byte[]> response = registry.get("/v2/redirect/app/blobs/" + sha256(new byte[] {1, 2, 3}));

        assertThat(response.statusCode()).as(describe(response)).isEqualTo(404);
        assertThat(new String(response.body())).contains("BLOB_UNKNOWN");
    }
}
