package dev.berth.registry.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.testsupport.Closing;
import dev.berth.registry.testsupport.RegistryInstance;
import dev.berth.registry.testsupport.TestStorage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's buildah against a running Berth: an image assembled step by step from scratch
 * (no Dockerfile) and pushed; docker then pulls it from Berth and runs it.
 */
class BuildahEndToEndIT {
    @TempDir
    static Path work;

    private static final DockerCli docker = new DockerCli(Duration.ofMinutes(2));
    private static final List<String> localImages = new ArrayList<>();
    private static TestStorage storage;
    private static RegistryInstance berth;
    private static ClientCommand buildah;

    @BeforeAll
    static void start() {
        buildah = new ClientCommand("buildah", Duration.ofMinutes(3), "--root", work.resolve("root").toString(),
                "--runroot", work.resolve("runroot").toString(), "--storage-driver", "vfs");
        buildah.version();
        docker.requireDaemonAndBusybox();
        storage = TestStorage.filesystem();
        berth = RegistryInstance.start(storage);
    }

    @AfterAll
    static void stop() {
        docker.removeImages(localImages);
        Closing.quietly(berth, storage);
    }

    @Test
    void imageAssembledAndPushedWithBuildahIsPulledAndRunByDocker() throws IOException {
        String image = "127.0.0.1:" + berth.base().getPort() + "/team/buildah:1";
        Path content = Files.writeString(work.resolve("content.txt"), "assembled by buildah");

        String container = buildah.run("from", "scratch").stdout().strip();
        try {
            buildah.run("copy", container, DockerCli.STATIC_BUSYBOX.toString(), "/busybox");
            buildah.run("copy", container, content.toString(), "/content.txt");
            buildah.run("config", "--cmd", "[\"/busybox\", \"cat\", \"/content.txt\"]", container);
            buildah.run("commit", "--quiet", container, image);
        } finally {
            buildah.attempt("rm", container);
        }
        buildah.run("push", "--tls-verify=false", image);

        localImages.add(image);
        docker.run("pull", image);
        String printed = docker.run("run", "--rm", image).stdout();

        assertThat(printed.strip()).isEqualTo("assembled by buildah");
    }
}
