package dev.berth.registry.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A docker daemon of the test's own, next to the machine's, started with settings the shared
 * daemon must not be restarted for (such as {@code --registry-mirror}): its own data and exec
 * folders and socket under a temporary folder, no bridge network and no iptables rules, so it
 * leaves the machine as it found it.
 */
final class SecondDockerDaemon implements AutoCloseable {
    private final Process process;
    private final Path folder;
    private final DockerCli client;

    private SecondDockerDaemon(Process process, Path folder, DockerCli client) {
        this.process = process;
        this.folder = folder;
        this.client = client;
    }

    /** Starts dockerd with these extra flags and waits until it answers. */
    static SecondDockerDaemon start(Path folder, DockerCli docker, String... flags) {
        try {
            Files.createDirectories(folder);
            String socket = "unix://" + folder.resolve("docker.sock");
            List<String> command = new ArrayList<>(List.of("dockerd",
                    "--data-root", folder.resolve("data").toString(),
                    "--exec-root", folder.resolve("exec").toString(),
                    "--pidfile", folder.resolve("docker.pid").toString(),
                    "--host", socket,
                    "--bridge=none", "--iptables=false", "--ip-masq=false"));
            command.addAll(List.of(flags));
            Path log = folder.resolve("dockerd.log");
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            SecondDockerDaemon daemon = new SecondDockerDaemon(process, folder, docker.withHost(socket));
            daemon.awaitAnswer(log);
            return daemon;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a second dockerd (.ci/run installs docker.io)", e);
        }
    }

    /** A client of this daemon. */
    DockerCli client() {
        return client;
    }

    private void awaitAnswer(Path log) throws IOException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline) && process.isAlive()) {
            if (client.attempt("info", "--format", "{{.ServerVersion}}").succeeded()) {
                return;
            }
            sleep(250);
        }
        close();
        throw new AssertionError("the second dockerd did not answer; its log:\n" + Files.readString(log));
    }

    /** Stops the daemon (it unmounts what it mounted) and removes its folders. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        assertThat(process.isAlive()).as("the second dockerd stopped").isFalse();
        try {
            new ProcessBuilder("rm", "-rf", folder.toString()).inheritIO().start().waitFor(60, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
