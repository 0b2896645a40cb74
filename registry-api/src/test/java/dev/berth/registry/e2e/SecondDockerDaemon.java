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
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A docker daemon of the test's own, next to the machine's, started with settings the shared
 * daemon must not be restarted for (such as {@code --registry-mirror}): its own data and exec
 * folders and socket under a temporary folder, a bridge interface of its own and no iptables
 * rules, so it leaves the machine as it found it. (Not {@code --bridge=none}: with that, dockerd
 * deletes the default {@code docker0} interface, and the machine's daemon can no longer start
 * containers.)
 */
final class SecondDockerDaemon implements AutoCloseable {
    private final Process process;
    private final Path folder;
    private final String bridge;
    private final DockerCli client;

    private SecondDockerDaemon(Process process, Path folder, String bridge, DockerCli client) {
        this.process = process;
        this.folder = folder;
        this.bridge = bridge;
        this.client = client;
    }

    /** Starts dockerd with these extra flags and waits until it answers. */
    static SecondDockerDaemon start(Path folder, DockerCli docker, String... flags) {
        try {
            Files.createDirectories(folder);
            String socket = "unix://" + folder.resolve("docker.sock");
            String bridge = "berthd" + UUID.randomUUID().toString().substring(0, 8);
            ip("link", "add", "name", bridge, "type", "bridge");
            List<String> command = new ArrayList<>(List.of("dockerd",
                    "--data-root", folder.resolve("data").toString(),
                    "--exec-root", folder.resolve("exec").toString(),
                    "--pidfile", folder.resolve("docker.pid").toString(),
                    "--host", socket,
                    "--bridge=" + bridge, "--iptables=false", "--ip-masq=false"));
            command.addAll(List.of(flags));
            Path log = folder.resolve("dockerd.log");
            Process process;
            try {
                process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            } catch (IOException e) {
                ip("link", "del", bridge);
                throw e;
            }
            SecondDockerDaemon daemon = new SecondDockerDaemon(process, folder, bridge, docker.withHost(socket));
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
        ip("link", "del", bridge);
        command("rm", "-rf", folder.toString());
    }

    private static void ip(String... args) {
        List<String> command = new ArrayList<>(List.of("ip"));
        command.addAll(List.of(args));
        command(command.toArray(String[]::new));
    }

    private static void command(String... command) {
        try {
            Process process = new ProcessBuilder(command).inheritIO().start();
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new AssertionError(String.join(" ", command) + " failed (.ci/run installs iproute2)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", command), e);
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
