package dev.berth.registry.maintenance;

import static dev.berth.registry.testsupport.RegistryInstance.describe;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.BerthApplication;
import dev.berth.registry.api.RegistryClient;
import dev.berth.registry.testsupport.FreePort;
import dev.berth.registry.testsupport.RegistryInstance;
import dev.berth.registry.testsupport.TestStorage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Berth as its own process, as in production. With {@code logging.structured.format.console=ecs}
 * every log line is a JSON document and the access log line carries the request id. On SIGTERM,
 * an upload whose body is still streaming finishes; one that stalls past the shutdown timeout is cut
 * off, and the process still exits within the timeout; after a restart both uploads continue from
 * the offset the registry reports and end with the right digest.
 */
class GracefulShutdownIT {
    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(4);
    private static final String REPO = "shutdown/app";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path folder;
    private final TestStorage storage = TestStorage.filesystem();
    private Process process;

    @AfterEach
    void stop() {
        if (process != null) {
            process.destroyForcibly();
        }
        storage.close();
    }

    @Test
    void jsonLogsCarryTheRequestIdAndInFlightUploadsFinishOrResumeAcrossSigterm() throws Exception {
        int port = FreePort.pick();
        Path log = folder.resolve("berth.log");
        process = startBerth(port, log);
        URI base = URI.create("http://127.0.0.1:" + port);
        awaitReady(base, log);

        HttpResponse<String> versionCheck = HTTP.send(HttpRequest.newBuilder(base.resolve("/v2/"))
                .header("X-Request-Id", "json-log-check").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(versionCheck.statusCode()).isEqualTo(200);

        byte[] finishing = RegistryClient.randomBytes(2 * 1024 * 1024);
        byte[] stalling = RegistryClient.randomBytes(1024 * 1024);
        String finishingSession = startUpload(base);
        String stallingSession = startUpload(base);
        int stalledAfter = 256 * 1024;
        try (Socket finishingUpload = new Socket("127.0.0.1", port); Socket stallingUpload = new Socket("127.0.0.1", port)) {
            OutputStream finishingOut = sendPatchHead(finishingUpload, finishingSession, finishing.length);
            finishingOut.write(finishing, 0, finishing.length / 2);
            finishingOut.flush();
            OutputStream stallingOut = sendPatchHead(stallingUpload, stallingSession, stalling.length);
            stallingOut.write(stalling, 0, stalledAfter);
            stallingOut.flush();
            Thread.sleep(300); // both handlers are reading their bodies

            Instant sigterm = Instant.now();
            process.destroy(); // SIGTERM
            Thread.sleep(500);
            finishingOut.write(finishing, finishing.length / 2, finishing.length - finishing.length / 2);
            finishingOut.flush();
            assertThat(statusLine(finishingUpload.getInputStream())).as("the streaming upload finished during shutdown")
                    .startsWith("HTTP/1.1 202");

            assertThat(process.waitFor(SHUTDOWN_TIMEOUT.toSeconds() + 10, TimeUnit.SECONDS)).as("the process exits").isTrue();
            Duration took = Duration.between(sigterm, Instant.now());
            assertThat(took).as("exit within the shutdown timeout, plus the context's close")
                    .isLessThan(SHUTDOWN_TIMEOUT.plusSeconds(4));
        }
        assertJsonLogsWithRequestId(log);

        try (RegistryInstance restarted = RegistryInstance.start(storage)) {
            assertThat(offset(restarted, finishingSession)).isEqualTo(finishing.length);
            complete(restarted, finishingSession, finishing, finishing.length);

            long resumeAt = offset(restarted, stallingSession);
            assertThat(resumeAt).as("the cut-off upload kept at most what arrived").isBetween(0L, (long) stalledAfter);
            complete(restarted, stallingSession, stalling, resumeAt);
        }
    }

    private Process startBerth(int port, Path log) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), BerthApplication.class.getName()));
        command.addAll(storage.arguments(
                "--server.port=" + port, "--server.address=127.0.0.1",
                "--logging.structured.format.console=ecs",
                "--spring.lifecycle.timeout-per-shutdown-phase=" + SHUTDOWN_TIMEOUT.toSeconds() + "s"));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private void awaitReady(URI base, Path log) throws Exception {
        Instant deadline = Instant.now().plusSeconds(90);
        while (Instant.now().isBefore(deadline)) {
            assertThat(process.isAlive()).as("Berth is running: %s", Files.exists(log) ? Files.readString(log) : "").isTrue();
            try {
                if (HTTP.send(HttpRequest.newBuilder(base.resolve("/actuator/health/readiness")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("Berth did not become ready: " + Files.readString(log));
    }

    private static void assertJsonLogsWithRequestId(Path log) throws IOException {
        JsonMapper json = JsonMapper.builder().build();
        List<String> lines = Files.readAllLines(log).stream().filter(line -> !line.isBlank()).toList();
        assertThat(lines).isNotEmpty();
        JsonNode accessLine = null;
        for (String line : lines) {
            JsonNode node;
            try {
                node = json.readTree(line);
            } catch (RuntimeException e) {
                throw new AssertionError("not a JSON log line: " + line, e);
            }
            assertThat(node.has("@timestamp") && node.has("message")).as(line).isTrue();
            if (node.get("message").asString().startsWith("GET /v2/ 200")) {
                accessLine = node;
            }
        }
        assertThat(accessLine).as("the access log line of GET /v2/ in %s", lines).isNotNull();
        assertThat(accessLine.toString()).contains("\"requestId\":\"json-log-check\"");
    }

    private static String startUpload(URI base) throws Exception {
        HttpResponse<Void> started = HTTP.send(HttpRequest.newBuilder(base.resolve("/v2/" + REPO + "/blobs/uploads/"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        assertThat(started.statusCode()).isEqualTo(202);
        return started.headers().firstValue("Location").orElseThrow();
    }

    /** Sends a streamed PATCH's head; the caller writes its body at its own pace. */
    private static OutputStream sendPatchHead(Socket socket, String session, int length) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(("PATCH " + session + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/octet-stream\r\n"
                + "Content-Length: " + length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        return out;
    }

    private static String statusLine(InputStream in) throws IOException {
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII)).readLine();
    }

    /** The session's offset from {@code GET} upload status ({@code Range: 0-<last byte>}). */
    private static long offset(RegistryInstance registry, String session) {
        HttpResponse<byte[]> status = registry.get(session);
        assertThat(status.statusCode()).as(describe(status)).isEqualTo(204);
        String range = status.headers().firstValue("Range").orElseThrow();
        long end = Long.parseLong(range.substring(range.indexOf('-') + 1));
        return end == 0 ? 0 : end + 1;
    }

    private static void complete(RegistryInstance registry, String session, byte[] blob, long from) {
        String digest = RegistryClient.sha256(blob);
        byte[] rest = Arrays.copyOfRange(blob, (int) from, blob.length);
        HttpResponse<byte[]> completed = rest.length == 0
                ? registry.put(RegistryInstance.withQuery(session, "digest", digest), rest)
                : registry.put(RegistryInstance.withQuery(session, "digest", digest), rest,
                "Content-Type", "application/octet-stream", "Content-Range", from + "-" + (blob.length - 1));
        assertThat(completed.statusCode()).as(describe(completed)).isEqualTo(201);
        HttpResponse<byte[]> pulled = registry.get("/v2/" + REPO + "/blobs/" + digest);
        assertThat(pulled.statusCode()).isEqualTo(200);
        assertThat(pulled.body()).as("the blob has the uploaded bytes").isEqualTo(blob);
    }

}
