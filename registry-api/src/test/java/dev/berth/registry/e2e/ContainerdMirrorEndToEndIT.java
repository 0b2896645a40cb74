package dev.berth.registry.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.testsupport.Closing;
import dev.berth.registry.testsupport.RegistryInstance;
import dev.berth.registry.testsupport.TestStorage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Berth as containerd's mirror: with a {@code hosts.toml} naming Berth as a host for docker.io,
 * {@code ctr images pull docker.io/library/<name>:1} asks Berth with {@code ?ns=docker.io}, and Berth
 * serves it from the upstream configured for that host. Runs against the containerd of the machine's
 * docker daemon, in a namespace of its own that it removes afterwards.
 */
class ContainerdMirrorEndToEndIT {
    private static final List<Path> CONTAINERD_SOCKETS = List.of(
            Path.of("/run/containerd/containerd.sock"), Path.of("/run/docker/containerd/containerd.sock"));

    @TempDir
    static Path folder;

    private static final DockerCli docker = new DockerCli(Duration.ofMinutes(3));
    private static final List<String> images = new ArrayList<>();
    private static final String namespace = "berth-test-" + UUID.randomUUID().toString().substring(0, 8);
    private static TestStorage upstreamStore;
    private static TestStorage mirrorStore;
    private static RegistryInstance upstream;
    private static RegistryInstance mirror;
    private static String containerd;

    @BeforeAll
    static void start() {
        docker.requireDaemonAndBusybox();
        containerd = CONTAINERD_SOCKETS.stream().filter(Files::exists).findFirst().map(Path::toString)
                .orElseThrow(() -> new AssertionError("no containerd socket at " + CONTAINERD_SOCKETS
                        + " (.ci/run installs docker.io, whose daemon runs containerd)"));
        upstreamStore = TestStorage.filesystem();
        upstream = RegistryInstance.start(upstreamStore);
        mirrorStore = TestStorage.filesystem();
        mirror = RegistryInstance.start(mirrorStore,
                "--registry.proxy.upstreams[0].prefix=hub",
                "--registry.proxy.upstreams[0].url=" + upstream.base(),
                "--registry.proxy.upstreams[0].hosts[0]=docker.io");
    }

    @AfterAll
    static void stop() {
        docker.removeImages(images);
        if (containerd != null) {
            ctr("images", "ls", "--quiet").lines().filter(line -> !line.isBlank())
                    .forEach(image -> ctr("images", "rm", "--sync", image)); // content and snapshots too
            ctr("namespaces", "rm", namespace);
        }
        Closing.quietly(mirror, upstream, mirrorStore, upstreamStore);
    }

    @Test
    void containerdPullsADockerHubNameThroughBerthWithNs() throws IOException {
        String name = "berth-ctr-" + UUID.randomUUID().toString().substring(0, 8);
        String built = name + ":built";
        String pushed = "127.0.0.1:" + upstream.base().getPort() + "/library/" + name + ":1";
        images.add(built);
        images.add(pushed);
        String digest = docker.pushPrintingImage(built, pushed, "pulled by containerd " + name, folder);
        Path hosts = Files.createDirectories(folder.resolve("hosts").resolve("docker.io"));
        Files.writeString(hosts.resolve("hosts.toml"), """
                server = "https://registry-1.docker.io"

                [host."http://127.0.0.1:%d"]
                  capabilities = ["pull", "resolve"]
                """.formatted(mirror.base().getPort()));

        ctr("images", "pull", "--hosts-dir", hosts.getParent().toString(), "docker.io/library/" + name + ":1");

        assertThat(ctr("images", "ls")).contains("docker.io/library/" + name + ":1").contains(digest);
        assertThat(mirror.get("/v2/hub/library/" + name + "/manifests/" + digest, "Accept",
                "application/vnd.docker.distribution.manifest.v2+json").statusCode())
                .as("cached under the prefix of the upstream for docker.io").isEqualTo(200);
    }

    /** Runs {@code ctr} against the containerd socket in the test's namespace; fails unless it exits with 0. */
    private static String ctr(String... args) {
        List<String> command = new ArrayList<>(List.of("ctr", "--address", containerd, "--namespace", namespace));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new AssertionError(String.join(" ", command) + " failed:\n"
                        + new String(output, StandardCharsets.UTF_8));
            }
            return new String(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError("cannot run ctr (the containerd package, a dependency of docker.io)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + String.join(" ", command), e);
        }
    }
}
