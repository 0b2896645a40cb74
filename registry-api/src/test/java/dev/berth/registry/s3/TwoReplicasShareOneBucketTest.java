package dev.berth.registry.s3;

import static dev.berth.registry.testsupport.RegistryInstance.describe;
import static dev.berth.registry.testsupport.RegistryInstance.location;
import static dev.berth.registry.testsupport.RegistryInstance.sha256;
import static dev.berth.registry.testsupport.RegistryInstance.withQuery;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.testsupport.Closing;
import dev.berth.registry.testsupport.RegistryInstance;
import dev.berth.registry.testsupport.TestStorage;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two registries over one bucket, as behind a load balancer without sticky sessions: whatever one
 * replica was asked, the other can continue or serve, since every piece of state is in the bucket.
 */
class TwoReplicasShareOneBucketTest {
    private static TestStorage.S3 storage;
    private static RegistryInstance a;
    private static RegistryInstance b;

    @BeforeAll
    static void startTwoReplicas() {
        storage = TestStorage.s3();
        a = RegistryInstance.start(storage);
        b = RegistryInstance.start(storage);
    }

    @AfterAll
    static void stopReplicas() {
        Closing.quietly(a, b, storage);
    }

    @Test
    void chunkedUploadMovesBetweenReplicasChunkByChunk() {
        byte[] blob = new byte[9 * 1024 * 1024 + 17];
        new Random(7).nextBytes(blob);
        int split = 6 * 1024 * 1024; // more than one part: the first chunk alone is a multipart upload
        byte[] first = Arrays.copyOfRange(blob, 0, split);
        byte[] second = Arrays.copyOfRange(blob, split, blob.length);
        String digest = sha256(blob);

        HttpResponse<byte[]> started = a.post("/v2/replicas/chunked/blobs/uploads/", new byte[0]);
        assertThat(started.statusCode()).as(describe(started)).isEqualTo(202);
        HttpResponse<byte[]> onA = a.patch(location(started), first,
                "Content-Type", "application/octet-stream", "Content-Range", "0-" + (split - 1));
        assertThat(onA.statusCode()).as(describe(onA)).isEqualTo(202);

        HttpResponse<byte[]> statusOnB = b.get(location(onA));
        assertThat(statusOnB.statusCode()).as(describe(statusOnB)).isEqualTo(204);
        assertThat(statusOnB.headers().firstValue("Range")).hasValue("0-" + (split - 1));
        HttpResponse<byte[]> onB = b.patch(location(onA), second,
                "Content-Type", "application/octet-stream", "Content-Range", split + "-" + (blob.length - 1));
        assertThat(onB.statusCode()).as(describe(onB)).isEqualTo(202);
        assertThat(onB.headers().firstValue("Range")).hasValue("0-" + (blob.length - 1));

        // A saw only the first chunk; it must not finish the upload with what it remembers of it.
        HttpResponse<byte[]> completed = a.put(withQuery(location(onB), "digest", digest), new byte[0]);
        assertThat(completed.statusCode()).as(describe(completed)).isEqualTo(201);
        assertThat(completed.headers().firstValue("Docker-Content-Digest")).hasValue(digest);

        HttpResponse<byte[]> pulled = b.get("/v2/replicas/chunked/blobs/" + digest);
        assertThat(pulled.statusCode()).as(describe(pulled)).isEqualTo(200);
        assertThat(pulled.body()).isEqualTo(blob);
        assertThat(storage.inProgressMultipartUploads("")).isEmpty();
    }

    @Test
    void manifestPushedToOneReplicaIsPulledFromTheOther() {
        byte[] config = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}"
                .getBytes(StandardCharsets.UTF_8);
        byte[] layer = new byte[4096];
        new Random(11).nextBytes(layer);
        pushBlob(a, config);
        pushBlob(a, layer);
        byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + sha256(config)
                + "\",\"size\":" + config.length + "},\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\","
                + "\"digest\":\"" + sha256(layer) + "\",\"size\":" + layer.length + "}]}").getBytes(StandardCharsets.UTF_8);
        HttpResponse<byte[]> pushed = a.put("/v2/replicas/image/manifests/v1", manifest,
                "Content-Type", "application/vnd.oci.image.manifest.v1+json");
        assertThat(pushed.statusCode()).as(describe(pushed)).isEqualTo(201);

        HttpResponse<byte[]> pulled = b.get("/v2/replicas/image/manifests/v1",
                "Accept", "application/vnd.oci.image.manifest.v1+json");
        assertThat(pulled.statusCode()).as(describe(pulled)).isEqualTo(200);
        assertThat(pulled.body()).isEqualTo(manifest);
        assertThat(pulled.headers().firstValue("Docker-Content-Digest")).hasValue(sha256(manifest));
        HttpResponse<byte[]> layerFromB = b.get("/v2/replicas/image/blobs/" + sha256(layer));
        assertThat(layerFromB.statusCode()).as(describe(layerFromB)).isEqualTo(200);
        assertThat(layerFromB.body()).isEqualTo(layer);
        HttpResponse<byte[]> tags = b.get("/v2/replicas/image/tags/list");
        assertThat(new String(tags.body(), StandardCharsets.UTF_8)).contains("\"v1\"");
    }

    private static void pushBlob(RegistryInstance registry, byte[] bytes) {
        HttpResponse<byte[]> response = registry.post("/v2/replicas/image/blobs/uploads/?digest=" + sha256(bytes), bytes,
                "Content-Type", "application/octet-stream");
        assertThat(response.statusCode()).as(describe(response)).isEqualTo(201);
    }
}
