package dev.berth.registry.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.BerthApplication;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Garbage collection as users run it: the admin API on a running registry, and the jar's command. */
class GarbageCollectionApiAndCommandTest {
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path root;

    @Test
    void adminApiDryRunListsAndRealRunRemovesABlobNoManifestReferences() throws Exception {
        try (ConfigurableApplicationContext registry = start()) {
            String base = "http://127.0.0.1:" + registry.getEnvironment().getProperty("local.server.port");
            String digest = pushBlob(base, "team/app", "nobody references me");

            HttpResponse<String> dryRun = post(base + "/api/admin/gc?dryRun=true");
            assertThat(dryRun.statusCode()).isEqualTo(200);
            assertThat(dryRun.body()).contains(digest).contains("\"dryRun\":true");
            assertThat(get(base + "/v2/team/app/blobs/" + digest).statusCode()).isEqualTo(200);

            HttpResponse<String> collected = post(base + "/api/admin/gc");
            assertThat(collected.statusCode()).isEqualTo(200);
            assertThat(collected.body()).contains(digest).contains("\"bytesFreed\":20");
            assertThat(get(base + "/v2/team/app/blobs/" + digest).statusCode()).isEqualTo(404);
        }
    }

    @Test
    void gcCommandOfTheJarListsWhatWouldGoWithDryRunThenRemovesIt() throws Exception {
        String digest;
        try (ConfigurableApplicationContext registry = start()) {
            String base = "http://127.0.0.1:" + registry.getEnvironment().getProperty("local.server.port");
            digest = pushBlob(base, "team/app", "left behind by a failed push");
        }

        Run dryRun = command("gc", "--dry-run");
        assertThat(dryRun.exitCode()).isZero();
        assertThat(dryRun.output()).contains("would remove blob " + digest).contains("dry run over 1 repositories");

        Run real = command("gc");
        assertThat(real.exitCode()).isZero();
        assertThat(real.output()).contains("removed blob " + digest);
        assertThat(command("gc", "--dry-run").output()).doesNotContain(digest);

        Run check = command("check");
        assertThat(check.exitCode()).isZero();
        assertThat(check.output()).contains("0 problems");
    }

    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(BerthApplication.class)
                .run("--server.port=0", "--registry.storage.filesystem.root=" + root, "--registry.gc.grace-period=0s");
    }

    private record Run(int exitCode, String output) {
    }

    private Run command(String... args) throws IOException, InterruptedException {
        List<String> commandLine = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), BerthApplication.class.getName()));
        commandLine.addAll(List.of(args));
        commandLine.add("--registry.storage.filesystem.root=" + root);
        commandLine.add("--registry.gc.grace-period=0s");
        Process process = new ProcessBuilder(commandLine).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    private String pushBlob(String base, String repository, String content) throws Exception {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        String digest = "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        HttpResponse<String> pushed = http.send(HttpRequest.newBuilder(URI.create(
                base + "/v2/" + repository + "/blobs/uploads/?digest=" + digest))
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(pushed.statusCode()).isEqualTo(201);
        return digest;
    }

    private HttpResponse<String> post(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
