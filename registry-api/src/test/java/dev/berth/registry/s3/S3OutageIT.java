package dev.berth.registry.s3;

import static dev.berth.registry.testsupport.RegistryInstance.describe;
import static dev.berth.registry.testsupport.RegistryInstance.sha256;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.testsupport.RegistryInstance;
import dev.berth.registry.testsupport.TestStorage;
import dev.berth.storage.driver.s3.S3ProxyServer;
import java.net.http.HttpResponse;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * S3 goes away and comes back: meanwhile the registry answers with the spec's error document and
 * 503, stores nothing half-way, and afterwards works again without a restart. (The S3 server here
 * is the test's own, since it is stopped.)
 */
class S3OutageIT {
    private S3ProxyServer s3;
    private TestStorage.S3 storage;
    private RegistryInstance registry;

    @BeforeEach
    void start() {
        s3 = S3ProxyServer.launch();
        storage = TestStorage.s3(s3);
        registry = RegistryInstance.start(storage);
    }

    @AfterEach
    void stop() {
        if (registry != null) {
            registry.close();
        }
        if (s3 != null) {
            s3.close();
        }
    }

    @Test
    void pushWhileS3IsDownIsUnavailableAndSucceedsOnceItIsBack() {
        byte[] before = randomBytes(1000, 1);
        assertThat(push(before).statusCode()).as("push with S3 up").isEqualTo(201);
        byte[] blob = randomBytes(64 * 1024, 2);
        String digest = sha256(blob);

        s3.stop();
        HttpResponse<byte[]> refused = push(blob);
        HttpResponse<byte[]> sessionRefused = registry.post("/v2/outage/app/blobs/uploads/", new byte[0]);
        HttpResponse<byte[]> pullRefused = registry.get("/v2/outage/app/blobs/" + sha256(before));
        s3.start();

        assertUnavailable(refused);
        assertUnavailable(sessionRefused);
        assertUnavailable(pullRefused);
        HttpResponse<byte[]> missing = registry.head("/v2/outage/app/blobs/" + digest);
        assertThat(missing.statusCode()).as("the failed push left nothing visible: %s", describe(missing)).isEqualTo(404);

        HttpResponse<byte[]> retried = push(blob);
        assertThat(retried.statusCode()).as(describe(retried)).isEqualTo(201);
        HttpResponse<byte[]> pulled = registry.get("/v2/outage/app/blobs/" + digest);
        assertThat(pulled.statusCode()).as(describe(pulled)).isEqualTo(200);
        assertThat(pulled.body()).isEqualTo(blob);
    }

    private HttpResponse<byte[]> push(byte[] blob) {
        return registry.post("/v2/outage/app/blobs/uploads/?digest=" + sha256(blob), blob,
                "Content-Type", "application/octet-stream");
    }

    private static void assertUnavailable(HttpResponse<byte[]> response) {
        assertThat(response.statusCode()).as(describe(response)).isEqualTo(503);
        assertThat(response.headers().firstValue("Content-Type")).as(describe(response))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        JsonNode errors = JsonMapper.builder().build().readTree(response.body()).get("errors");
        assertThat(errors).as(describe(response)).isNotNull();
        assertThat(errors.get(0).get("code").asString()).as(describe(response)).isEqualTo("TOOMANYREQUESTS");
        assertThat(response.headers().firstValue("Retry-After")).as("when to come back").isPresent();
        assertThat(errors.get(0).has("message")).isTrue();
    }

    private static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
