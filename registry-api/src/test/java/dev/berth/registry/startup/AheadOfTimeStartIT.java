package dev.berth.registry.startup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.testsupport.FreePort;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar started as README says: on the bean definitions Spring AOT generated at build
 * when the settings are the build's, and the usual way, with the reason logged, when a setting
 * chooses other beans, which then take effect.
 */
class AheadOfTimeStartIT {
    private static final Path JAR = Path.of("target/berth.jar");
    private static final String GENERATED = "Starting AOT-processed BerthApplication";
    private static final String NOT_GENERATED = "Not using the bean definitions made at build time (a slower start): ";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path folder;
    private final List<Process> started = new ArrayList<>();
    private Path log;

    @AfterEach
    void stop() throws InterruptedException {
        for (Process process : started) {
            process.destroy();
            process.waitFor();
        }
    }

    private URI start(List<String> jvmOptions, String... settings) throws Exception {
        int port = FreePort.pick();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", JAR.toAbsolutePath().toString(), "--server.port=" + port,
                "--registry.storage.filesystem.root=" + folder.resolve("data")));
        command.addAll(List.of(settings));
        log = folder.resolve("berth-" + port + ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        started.add(process);
        URI base = URI.create("http://127.0.0.1:" + port);
        Instant deadline = Instant.now().plusSeconds(90);
        while (Instant.now().isBefore(deadline)) {
            assertThat(process.isAlive()).as("Berth is running: %s", Files.readString(log)).isTrue();
            try {
                HTTP.send(HttpRequest.newBuilder(base.resolve("/v2/")).build(), HttpResponse.BodyHandlers.discarding());
                return base;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new AssertionError("Berth did not listen: " + Files.readString(log));
    }

    private URI start(String... settings) throws Exception {
        return start(List.of(), settings);
    }

    private String output() throws IOException {
        return Files.readString(log);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String sha256(byte[] content) throws NoSuchAlgorithmException {
        return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    }

    @Test
    void theBuildsSettingsStartOnTheGeneratedBeansAndServeAPushAndAPull() throws Exception {
        URI base = start();

        assertThat(output()).contains(GENERATED).doesNotContain(NOT_GENERATED);
        byte[] config = "{\"architecture\":\"amd64\",\"os\":\"linux\"}".getBytes(StandardCharsets.UTF_8);
        String configDigest = sha256(config);
        assertThat(send(HttpRequest.newBuilder(base.resolve("/v2/team/app/blobs/uploads/?digest=" + configDigest))
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(config))).statusCode()).isEqualTo(201);
        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + configDigest
                + "\",\"size\":" + config.length + "},\"layers\":[]}";
        HttpResponse<String> pushed = send(HttpRequest.newBuilder(base.resolve("/v2/team/app/manifests/v1"))
                .header("Content-Type", "application/vnd.oci.image.manifest.v1+json")
                .PUT(HttpRequest.BodyPublishers.ofString(manifest)));
        assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(201);

        assertThat(send(HttpRequest.newBuilder(base.resolve("/v2/team/app/manifests/v1"))
                .header("Accept", "application/vnd.oci.image.manifest.v1+json")).body()).isEqualTo(manifest);
        assertThat(send(HttpRequest.newBuilder(base.resolve("/v2/team/app/blobs/" + configDigest))).body())
                .isEqualTo(new String(config, StandardCharsets.UTF_8));
        assertThat(send(HttpRequest.newBuilder(base.resolve("/v2/team/app/tags/list"))).body()).contains("\"v1\"");
        assertThat(send(HttpRequest.newBuilder(base.resolve("/v2/_catalog"))).body()).contains("team/app");
        assertThat(send(HttpRequest.newBuilder(base.resolve("/actuator/health/readiness"))).statusCode()).isEqualTo(200);
        assertThat(send(HttpRequest.newBuilder(base.resolve("/actuator/prometheus"))).body())
                .contains("berth_requests_seconds");
    }

    @Test
    void readOnlyStartsWithoutThemAndRefusesAPush() throws Exception {
        URI base = start("--registry.read-only=true");

        assertThat(output()).contains(NOT_GENERATED + "registry.read-only is 'true' here").doesNotContain(GENERATED);
        HttpResponse<String> push = send(HttpRequest.newBuilder(base.resolve("/v2/team/app/blobs/uploads/"))
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(push.statusCode()).isEqualTo(405);
        assertThat(push.body()).contains("UNSUPPORTED");
    }

    @Test
    void basicAuthAndARetentionScheduleStartOnThemAndTakeEffect() throws Exception {
        URI base = start("--registry.auth.mode=basic", "--registry.retention.schedule=0 0 3 * * *");

        assertThat(output()).contains(GENERATED).doesNotContain(NOT_GENERATED);
        assertThat(send(HttpRequest.newBuilder(base.resolve("/v2/"))).statusCode()).isEqualTo(401);
        assertThat(send(HttpRequest.newBuilder(base.resolve("/api/admin/tokens"))).statusCode())
                .as("the CI token admin API exists with auth on, for admins only").isEqualTo(401);
    }

    @Test
    void tokenAuthStartsWithoutThemAndChallengesForABearerToken() throws Exception {
        URI base = start("--registry.auth.mode=token");

        assertThat(output()).contains(NOT_GENERATED + "token auth (registry.auth.mode=token) is 'true' here")
                .doesNotContain(GENERATED);
        HttpResponse<String> challenge = send(HttpRequest.newBuilder(base.resolve("/v2/")));
        assertThat(challenge.statusCode()).isEqualTo(401);
        assertThat(challenge.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                header -> assertThat(header).startsWith("Bearer realm="));
    }

    @Test
    void aManagementPortOfItsOwnStartsWithoutThemAndMovesTheActuator() throws Exception {
        int managementPort = FreePort.pick();
        URI base = start("--management.server.port=" + managementPort);

        assertThat(output()).contains(NOT_GENERATED + "management.server.port is '" + managementPort + "' here");
        assertThat(send(HttpRequest.newBuilder(base.resolve("/actuator/health"))).statusCode()).isEqualTo(404);
        Instant deadline = Instant.now().plusSeconds(30);
        URI management = URI.create("http://127.0.0.1:" + managementPort + "/actuator/health");
        while (true) {
            try {
                assertThat(send(HttpRequest.newBuilder(management)).statusCode()).isEqualTo(200);
                return;
            } catch (IOException notYet) {
                assertThat(Instant.now()).as("the management port listens").isBefore(deadline);
                Thread.sleep(100);
            }
        }
    }

    @Test
    void aotEnabledFalseTurnsThemOff() throws Exception {
        URI base = start(List.of("-Dspring.aot.enabled=false"));

        assertThat(output()).contains("Starting BerthApplication").doesNotContain(GENERATED).doesNotContain(NOT_GENERATED);
        assertThat(send(HttpRequest.newBuilder(base.resolve("/v2/"))).statusCode()).isEqualTo(200);
    }
}
