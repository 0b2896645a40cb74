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

/** With the real docker client: pushing another image over an immutable tag shows the rule to docker's user. */
class DockerImmutableTagEndToEndIT {
    private static final DockerCli docker = new DockerCli(Duration.ofMinutes(2));

    @TempDir
    Path buildContexts;
    private final TestStorage storage = TestStorage.filesystem();
    private final List<String> createdImages = new ArrayList<>();

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
    void dockerPushOverAnImmutableTagShowsTheRule() throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        String first = "berth-immutable-" + id + ":one";
        String second = "berth-immutable-" + id + ":two";
        createdImages.addAll(List.of(first, second));
        docker.buildPrintingImage(first, "first release", buildContexts);
        docker.buildPrintingImage(second, "second build", buildContexts);

        try (RegistryInstance registry = RegistryInstance.start(storage,
                "--registry.immutable-tags[0].repositories=team/**", "--registry.immutable-tags[0].tags=v*")) {
            String reference = "127.0.0.1:" + registry.base().getPort() + "/team/app:v1";
            createdImages.add(reference);
            docker.run("tag", first, reference);
            docker.run("push", reference);
            docker.run("push", reference);

            docker.run("tag", second, reference);
            DockerCli.Result refused = docker.attempt("push", reference);

            assertThat(refused.exitCode()).as(refused.describe()).isNotZero();
            assertThat(refused.stdout() + refused.stderr()).as(refused.describe())
                    .contains("tag v1 of team/app is immutable")
                    .contains("registry.immutable-tags[0] (repositories team/**, tags v*)");
        }
    }
}
