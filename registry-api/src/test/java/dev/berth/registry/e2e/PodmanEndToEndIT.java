package dev.berth.registry.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.testsupport.Closing;
import dev.berth.registry.testsupport.RegistryInstance;
import dev.berth.registry.testsupport.TestStorage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's podman against a running Berth: builds a tiny image, pushes it, forgets it, pulls it
 * back and runs it. Its own storage root (vfs: works in any container) keeps the machine's podman
 * store untouched.
 */
class PodmanEndToEndIT {
    @TempDir
    static Path work;

    private static TestStorage storage;
    private static RegistryInstance berth;
    private static ClientCommand podman;

    @BeforeAll
    static void start() {
        podman = new ClientCommand("podman", Duration.ofMinutes(3), "--root", work.resolve("root").toString(),
                "--runroot", work.resolve("runroot").toString(), "--storage-driver", "vfs");
        podman.version();
        storage = TestStorage.filesystem();
        berth = RegistryInstance.start(storage);
    }

    @AfterAll
    static void stop() {
        Closing.quietly(berth, storage);
    }

    @Test
    void imagePushedWithPodmanIsPulledBackAndRuns() throws IOException {
        String image = "127.0.0.1:" + berth.base().getPort() + "/team/podman:1";
        Path context = Files.createDirectory(work.resolve("context"));
        Files.copy(DockerCli.STATIC_BUSYBOX, context.resolve("busybox"), StandardCopyOption.COPY_ATTRIBUTES);
        Files.writeString(context.resolve("content.txt"), "pushed by podman");
        Files.writeString(context.resolve("Containerfile"), """
                FROM scratch
                COPY busybox /busybox
                COPY content.txt /content.txt
                CMD ["/busybox", "cat", "/content.txt"]
                """);

        podman.run("build", "--quiet", "--tag", image, context.toString());
        podman.run("push", "--tls-verify=false", image);
        podman.run("rmi", image);
        podman.run("pull", "--tls-verify=false", image);
        // Low limits, since a container here may not raise them; no network, none is needed.
        String printed = podman.run("run", "--rm", "--network", "none", "--ulimit", "nofile=1024:1024",
                "--ulimit", "nproc=1024:1024", image).stdout();

        assertThat(printed.strip()).isEqualTo("pushed by podman");
        assertThat(berth.get("/v2/team/podman/tags/list").statusCode()).isEqualTo(200);
    }
}
