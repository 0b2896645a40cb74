package dev.berth.registry.s3;

import static dev.berth.registry.testsupport.RegistryInstance.describe;
import static dev.berth.registry.testsupport.RegistryInstance.location;
import static dev.berth.registry.testsupport.RegistryInstance.sha256;
import static dev.berth.registry.testsupport.RegistryInstance.withQuery;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.storage.testsupport.Await;
import dev.berth.registry.testsupport.RegistryInstance;
import dev.berth.registry.testsupport.TestStorage;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Uploads on S3 leave nothing behind: no objects under the upload area and no unfinished multipart
 * upload (which S3 keeps, and bills, until someone aborts it), whether the upload is cancelled,
 * cut off, or raced by another push of the same content.
 */
class S3UploadCleanupTest {
    /** Bigger than one part, so the driver streams it as a multipart upload. */
    private static final int MORE_THAN_A_PART = (int) TestStorage.S3_PART_SIZE + 1024 * 1024;

    private static TestStorage.S3 storage;
    private static RegistryInstance registry;
    private String repo;

    @BeforeAll
    static void startRegistry() {
        storage = TestStorage.s3();
        registry = RegistryInstance.start(storage);
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

    @BeforeEach
    void newRepository() {
        repo = "cleanup/" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void cancelledUploadLeavesNoObjectsAndNoMultipartUpload() {
        HttpResponse<byte[]> started = registry.post("/v2/" + repo + "/blobs/uploads/", new byte[0]);
        assertThat(started.statusCode()).as(describe(started)).isEqualTo(202);
        HttpResponse<byte[]> patched = registry.patch(location(started), randomBytes(MORE_THAN_A_PART, 1),
                "Content-Type", "application/octet-stream");
        assertThat(patched.statusCode()).as(describe(patched)).isEqualTo(202);
        assertThat(storage.filesUnder(uploads())).as("the chunk is stored").isNotEmpty();

        HttpResponse<byte[]> cancelled = registry.delete(location(patched));

        assertThat(cancelled.statusCode()).as(describe(cancelled)).isEqualTo(204);
        assertThat(storage.filesUnder(uploads())).isEmpty();
        assertThat(storage.filesUnder("segments/" + uploads())).as("the chunk's bytes").isEmpty();
        assertThat(storage.inProgressMultipartUploads("")).isEmpty();
        assertThat(registry.get(location(patched)).statusCode()).isEqualTo(404);
    }

    @Test
    void patchCutOffMidwayLeavesNoMultipartUploadAndCanBeCancelled() throws Exception {
        HttpResponse<byte[]> started = registry.post("/v2/" + repo + "/blobs/uploads/", new byte[0]);
        assertThat(started.statusCode()).as(describe(started)).isEqualTo(202);
        String session = location(started);
        byte[] body = randomBytes(3 * MORE_THAN_A_PART, 2);

        try (Socket socket = new Socket("127.0.0.1", registry.base().getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("PATCH " + session + " HTTP/1.1\r\n"
                    + "Host: 127.0.0.1:" + registry.base().getPort() + "\r\n"
                    + "Content-Type: application/octet-stream\r\n"
                    + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body, 0, MORE_THAN_A_PART + 1024 * 1024);
            out.flush();
            Await.until("the registry began streaming the chunk as a multipart upload", Duration.ofSeconds(20),
                    () -> !storage.inProgressMultipartUploads("").isEmpty());
            socket.setSoLinger(true, 0); // the client is gone: reset, not a clean end of the body
        }

        Await.until("the multipart upload of the cut-off chunk is aborted", Duration.ofSeconds(20),
                () -> storage.inProgressMultipartUploads("").isEmpty());
        HttpResponse<byte[]> cancelled = registry.delete(session);
        assertThat(cancelled.statusCode()).as(describe(cancelled)).isEqualTo(204);
        assertThat(storage.filesUnder(uploads())).isEmpty();
        assertThat(storage.inProgressMultipartUploads("")).isEmpty();
    }

    @Test
    void samePushedTwiceAtOnceSucceedsTwiceAndIsStoredOnce() throws Exception {
        byte[] blob = randomBytes(2 * MORE_THAN_A_PART, 3);
        String digest = sha256(blob);
        String hex = digest.substring("sha256:".length());
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<HttpResponse<byte[]>>> pushes = new ArrayList<>();
            for (int client = 0; client < 2; client++) {
                pushes.add(pool.submit(() -> {
                    go.await();
                    return chunkedPush(blob, digest);
                }));
            }
            go.countDown();
            for (Future<HttpResponse<byte[]>> push : pushes) {
                HttpResponse<byte[]> response = push.get(120, TimeUnit.SECONDS);
                assertThat(response.statusCode()).as(describe(response)).isEqualTo(201);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(storage.filesUnder("blobs").keySet().stream().filter(path -> path.contains(hex))
                        .filter(path -> !path.endsWith("/lastused"))) // GC's mark, not content
                .containsExactly("blobs/sha256/" + hex.substring(0, 2) + "/" + hex + "/data");
        assertThat(storage.filesUnder(uploads())).isEmpty();
        assertThat(storage.filesUnder("segments/" + uploads()).values()).as("the bytes, kept once")
                .filteredOn(size -> size >= blob.length).hasSize(1);
        assertThat(storage.inProgressMultipartUploads("")).isEmpty();
        HttpResponse<byte[]> pulled = registry.get("/v2/" + repo + "/blobs/" + digest);
        assertThat(pulled.statusCode()).as(describe(pulled)).isEqualTo(200);
        assertThat(pulled.body()).isEqualTo(blob);
    }

    /** POST, one PATCH with the whole blob, PUT with the digest; the PUT's response. */
    private HttpResponse<byte[]> chunkedPush(byte[] blob, String digest) {
        HttpResponse<byte[]> started = registry.post("/v2/" + repo + "/blobs/uploads/", new byte[0]);
        assertThat(started.statusCode()).as(describe(started)).isEqualTo(202);
        HttpResponse<byte[]> patched = registry.patch(location(started), blob, "Content-Type", "application/octet-stream");
        assertThat(patched.statusCode()).as(describe(patched)).isEqualTo(202);
        return registry.put(withQuery(location(patched), "digest", digest), new byte[0]);
    }

    private String uploads() {
        return "repositories/" + repo + "/_uploads";
    }

    private static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
