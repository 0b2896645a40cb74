package dev.berth.registry.restart;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.BerthApplication;
import dev.berth.registry.testsupport.RunsOnEveryStore;
import dev.berth.registry.testsupport.TestStorage;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Upload sessions live in the store, so a restarted registry continues a chunked upload. */
@RunsOnEveryStore
class ChunkedUploadSurvivesRestartTest {
    private final HttpClient http = HttpClient.newHttpClient();

    /** A temporary folder, or a prefix in S3 when the run sets {@code berth.test.storage=s3}. */
    private final TestStorage storage = TestStorage.create();

    @AfterEach
    void removeStore() {
        storage.close();
    }

    @Test
    void chunkedUploadStartedBeforeRestartCompletesAfterIt() throws Exception {
        byte[] blob = new byte[3 * 1024 * 1024 + 17];
        new Random(42).nextBytes(blob);
        byte[] first = Arrays.copyOfRange(blob, 0, 2 * 1024 * 1024);
        byte[] second = Arrays.copyOfRange(blob, first.length, blob.length);
        String digest = "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(blob));

        String location;
        try (ConfigurableApplicationContext before = startRegistry()) {
            String base = baseUrl(before);
            HttpResponse<Void> started = send(HttpRequest.newBuilder(URI.create(base + "/v2/team/app/blobs/uploads/"))
                    .POST(HttpRequest.BodyPublishers.noBody()));
            assertThat(started.statusCode()).isEqualTo(202);
            location = started.headers().firstValue("Location").orElseThrow();

            HttpResponse<Void> patched = send(HttpRequest.newBuilder(URI.create(base + location))
                    .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(first))
                    .header("Content-Type", "application/octet-stream")
                    .header("Content-Range", "0-" + (first.length - 1)));
            assertThat(patched.statusCode()).isEqualTo(202);
            assertThat(patched.headers().firstValue("Range")).hasValue("0-" + (first.length - 1));
        }

        try (ConfigurableApplicationContext after = startRegistry()) {
            String base = baseUrl(after);
            HttpResponse<Void> status = send(HttpRequest.newBuilder(URI.create(base + location)).GET());
            assertThat(status.statusCode()).isEqualTo(204);
            assertThat(status.headers().firstValue("Range")).hasValue("0-" + (first.length - 1));

            HttpResponse<Void> patched = send(HttpRequest.newBuilder(URI.create(base + location))
                    .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(second))
                    .header("Content-Type", "application/octet-stream")
                    .header("Content-Range", first.length + "-" + (blob.length - 1)));
            assertThat(patched.statusCode()).isEqualTo(202);

            HttpResponse<Void> completed = send(HttpRequest.newBuilder(URI.create(base + location + "?digest=" + digest))
                    .PUT(HttpRequest.BodyPublishers.noBody()));
            assertThat(completed.statusCode()).isEqualTo(201);

            HttpResponse<byte[]> pulled = http.send(HttpRequest.newBuilder(
                    URI.create(base + "/v2/team/app/blobs/" + digest)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(pulled.statusCode()).isEqualTo(200);
            assertThat(pulled.body()).isEqualTo(blob);
        }
    }

    private ConfigurableApplicationContext startRegistry() {
        return new SpringApplicationBuilder(BerthApplication.class)
                .run(storage.arguments("--server.port=0").toArray(String[]::new));
    }

    private static String baseUrl(ConfigurableApplicationContext context) {
        return "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
    }

    private HttpResponse<Void> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.discarding());
    }
}
