package dev.berth.registry.api;

import static dev.berth.registry.api.RegistryClient.OCI_CONFIG;
import static dev.berth.registry.api.RegistryClient.OCI_MANIFEST;
import static dev.berth.registry.api.RegistryClient.assertStatus;
import static dev.berth.registry.api.RegistryClient.imageManifest;
import static dev.berth.registry.api.RegistryClient.json;
import static dev.berth.registry.api.RegistryClient.randomBytes;
import static dev.berth.registry.api.RegistryClient.sha256;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.api.RegistryClient.Content;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Several clients pushing the same content or the same tag at the same moment. */
class ConcurrencyTest extends RegistryApiTest {
    private static final int CLIENTS = 8;

    private ExecutorService pool;
    private String repo;

    @BeforeEach
    void startClients() {
        pool = Executors.newFixedThreadPool(CLIENTS);
        repo = newRepo("concurrency");
    }

    @AfterEach
    void stopClients() {
        pool.shutdownNow();
    }

    @Test
    void sameBlobPushedByManyClientsAtOnceIsStoredOnce() throws Exception {
        byte[] bytes = randomBytes(1024 * 1024);
        String digest = sha256(bytes);

        List<HttpResponse<byte[]>> responses = all(client -> registry.post(
                "/v2/" + repo + "/blobs/uploads/?digest=" + digest, bytes, "Content-Type", "application/octet-stream"));

        responses.forEach(response -> assertStatus(response, 201));
        HttpResponse<byte[]> fetched = registry.get("/v2/" + repo + "/blobs/" + digest);
        assertStatus(fetched, 200);
        assertThat(fetched.body()).isEqualTo(bytes);
        assertThat(filesIn(blobFolder(digest))).as("one copy of the content, plus its last-used mark").containsExactlyInAnyOrder("data", "lastused");
        assertThat(filesIn(STORAGE_ROOT.resolve("repositories/" + repo + "/_uploads"))).isEmpty();
    }

    @Test
    void sameBlobPushedToManyRepositoriesAtOnceIsStoredOnceAndLinkedInEach() throws Exception {
        byte[] bytes = randomBytes(256 * 1024);
        String digest = sha256(bytes);

        List<HttpResponse<byte[]>> responses = all(client -> registry.post(
                "/v2/" + repo + "/r" + client + "/blobs/uploads/?digest=" + digest, bytes));

        responses.forEach(response -> assertStatus(response, 201));
        for (int client = 0; client < CLIENTS; client++) {
            assertStatus(registry.head("/v2/" + repo + "/r" + client + "/blobs/" + digest), 200);
        }
        assertThat(filesIn(blobFolder(digest))).as("one copy of the content, plus its last-used mark").containsExactlyInAnyOrder("data", "lastused");
    }

    @Test
    void manyManifestsPushedToOneTagAtOnceAllSucceedAndTheTagPointsAtOne() throws Exception {
        Content layer = registry.pushBlob(repo, randomBytes(100));
        List<byte[]> manifests = new ArrayList<>();
        for (int client = 0; client < CLIENTS; client++) {
            Content config = registry.pushBlob(repo, OCI_CONFIG, json(Map.of("os", "linux", "client", client)));
            manifests.add(imageManifest(OCI_MANIFEST, config, layer));
        }

        List<HttpResponse<byte[]>> responses = all(client -> registry.put(
                "/v2/" + repo + "/manifests/latest", manifests.get(client), "Content-Type", OCI_MANIFEST));

        responses.forEach(response -> assertStatus(response, 201));
        HttpResponse<byte[]> latest = registry.get("/v2/" + repo + "/manifests/latest", "Accept", OCI_MANIFEST);
        assertStatus(latest, 200);
        assertThat(manifests).anySatisfy(manifest -> assertThat(manifest).isEqualTo(latest.body()));
        assertThat(latest.headers().firstValue("Docker-Content-Digest")).contains(sha256(latest.body()));
        assertThat(registry.tags(repo)).containsExactly("latest");
        for (byte[] manifest : manifests) {
            assertStatus(registry.get("/v2/" + repo + "/manifests/" + sha256(manifest)), 200);
        }
    }

    /** Runs one request per client, released together, and returns every response. */
    private List<HttpResponse<byte[]>> all(IntFunction<HttpResponse<byte[]>> request) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<HttpResponse<byte[]>>> futures = new ArrayList<>();
        for (int client = 0; client < CLIENTS; client++) {
            int id = client;
            futures.add(pool.submit(() -> {
                start.await();
                return request.apply(id);
            }));
        }
        start.countDown();
        List<HttpResponse<byte[]>> responses = new ArrayList<>();
        for (Future<HttpResponse<byte[]>> future : futures) {
            responses.add(future.get(60, TimeUnit.SECONDS));
        }
        return responses;
    }

    private static Path blobFolder(String digest) {
        String hex = digest.substring("sha256:".length());
        return STORAGE_ROOT.resolve("blobs/sha256/" + hex.substring(0, 2) + "/" + hex);
    }

    private static List<String> filesIn(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(folder)) {
            return children.map(child -> child.getFileName().toString()).sorted().toList();
        }
    }
}
