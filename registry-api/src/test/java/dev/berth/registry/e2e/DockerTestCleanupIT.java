package dev.berth.registry.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.testsupport.RegistryInstance;
import dev.berth.registry.testsupport.TestStorage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The end-to-end tests leave nothing in the Docker daemon: removing what a test tagged removes the
 * images themselves, also one that was pushed and whose tag then moved on (it would otherwise stay
 * as {@code registry/repository@digest}), and whatever this run built is swept by its label.
 */
class DockerTestCleanupIT {
    private static final DockerCli docker = new DockerCli(Duration.ofMinutes(2));
    private final TestStorage storage = TestStorage.filesystem();
    private final List<String> createdImages = new ArrayList<>();
    @TempDir
    Path buildContexts;

    @BeforeAll
    static void dockerIsThere() {
        docker.requireDaemonAndBusybox();
    }

    @AfterEach
    void cleanUp() {
        docker.removeImages(createdImages);
        storage.close();
    }

    @Test
    void removingWhatATestTaggedLeavesNoImageBehindEvenOnceItsTagMovedOn() {
        String id = UUID.randomUUID().toString().substring(0, 8);
        String first = "berth-cleanup-" + id + ":one";
        String second = "berth-cleanup-" + id + ":two";
        createdImages.addAll(List.of(first, second));
        docker.buildPrintingImage(first, "first " + id, buildContexts);
        docker.buildPrintingImage(second, "second " + id, buildContexts);
        String firstId = imageId(first);
        String secondId = imageId(second);
        try (RegistryInstance registry = RegistryInstance.start(storage)) {
            String reference = "127.0.0.1:" + registry.base().getPort() + "/team/app:v1";
            createdImages.add(reference);
            docker.run("tag", first, reference);
            docker.run("push", reference);
            docker.run("tag", second, reference);
            docker.run("push", reference);
        }

        docker.removeImages(createdImages);

        assertThat(docker.attempt("image", "inspect", firstId).succeeded()).as("the first image, pushed, then untagged")
                .isFalse();
        assertThat(docker.attempt("image", "inspect", secondId).succeeded()).isFalse();
        assertThat(createdImages).isEmpty();
    }

    @Test
    void whatThisRunBuiltAndRanIsSweptByItsLabel() {
        String image = "berth-cleanup-" + UUID.randomUUID().toString().substring(0, 8) + ":left";
        docker.buildPrintingImage(image, "left behind", buildContexts);
        docker.run("create", image);
        docker.run("rmi", "--force", image); // leaves the image dangling, still used by the container

        docker.removeWhatThisRunMade();

        String filter = "label=" + DockerCli.RUN_LABEL + "=" + DockerCli.RUN;
        assertThat(docker.run("ps", "--all", "--quiet", "--filter", filter).stdout()).isBlank();
        assertThat(docker.run("images", "--all", "--quiet", "--filter", filter).stdout()).isBlank();
    }

    private static String imageId(String reference) {
        return docker.run("image", "inspect", "--format", "{{.Id}}", reference).stdout().strip();
    }
}
