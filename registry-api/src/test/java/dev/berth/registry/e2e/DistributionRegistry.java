package dev.berth.registry.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.testsupport.FreePort;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code docker-registry} (CNCF Distribution 2.8), started on 127.0.0.1 and a free port
 * with a generated configuration and a storage folder of its own: a second, independent registry
 * implementation for tests. Missing, the test fails; {@code .ci/run} installs it.
 */
public final class DistributionRegistry implements AutoCloseable {
    static final Path BINARY = Path.of("/usr/bin/docker-registry");

    private final Process process;
    private final int port;
    private final Path log;

    private DistributionRegistry(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts it with its configuration, data and log in {@code folder}, and waits until it answers. */
    public static DistributionRegistry start(Path folder) {
        return start(folder, FreePort.pick());
    }

    /** Starts it on {@code port}: again where an earlier one was stopped, for outage tests (its data stays in {@code folder}). */
    public static DistributionRegistry start(Path folder, int port) {
        assertThat(BINARY).as("Debian's docker-registry package (.ci/run installs it)").isExecutable();
        try {
            Files.createDirectories(folder);
            Path config = folder.resolve("config.yml");
            Files.writeString(config, """
                    version: 0.1
                    log:
                      level: warn
                      accesslog:
                        disabled: true
                    storage:
                      filesystem:
                        rootdirectory: %s
                    http:
                      addr: 127.0.0.1:%d
                    """.formatted(folder.resolve("data"), port));
            Path log = folder.resolve("registry.log");
            Process process = new ProcessBuilder(BINARY.toString(), "serve", config.toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            DistributionRegistry registry = new DistributionRegistry(process, port, log);
            registry.awaitReady();
            return registry;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + BINARY, e);
        }
    }

    public int port() {
        return port;
    }

    public URI base() {
        return URI.create("http://127.0.0.1:" + port);
    }

    private void awaitReady() throws IOException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline && process.isAlive()) {
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(base().resolve("/v2/")).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
            sleep(100);
        }
        close();
        throw new AssertionError("docker-registry did not answer on port " + port + "; its log:\n" + Files.readString(log));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
