package dev.berth.registry.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.testsupport.RegistryInstance;
import dev.berth.registry.testsupport.RunsOnEveryStore;
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

/** With the real docker client: a push over a quota fails and shows docker's user the quota's usage and limit. */
@RunsOnEveryStore
class DockerQuotaEndToEndIT {
    private static final DockerCli docker = new DockerCli(Duration.ofMinutes(2));

    @TempDir
    Path buildContexts;
    private final TestStorage storage = TestStorage.create();
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
    void dockerPushOverAQuotaShowsUsedAndLimit() {
        String image = "berth-quota-" + UUID.randomUUID().toString().substring(0, 8) + ":one";
        createdImages.add(image);
        // Its busybox layer alone is over 1 MiB, more than the quota allows.
        docker.buildPrintingImage(image, "too big for the team", buildContexts);

        try (RegistryInstance registry = RegistryInstance.start(storage,
                "--registry.quotas[0].repositories=team/**", "--registry.quotas[0].limit=512KB")) {
            String host = "127.0.0.1:" + registry.base().getPort();
            String outside = host + "/free/app:1";
            String inside = host + "/team/app:1";
            createdImages.addAll(List.of(outside, inside));
            docker.run("tag", image, outside);
            docker.run("push", outside);

            // docker mounts the small blobs from free/app (charged to the quota: new content for it),
            // then uploads the busybox layer, which the quota refuses.
            docker.run("tag", image, inside);
            DockerCli.Result refused = docker.attempt("push", inside);

            assertThat(refused.exitCode()).as(refused.describe()).isNotZero();
            assertThat(refused.stdout() + refused.stderr()).as(refused.describe())
                    .contains("denied: quota exceeded: ")
                    .contains("/512.0 KiB used by registry.quotas[0] (repositories team/**); this push needs 1.0 MiB more");
            assertThat(registry.get("/v2/team/app/manifests/1").statusCode()).isEqualTo(404);
        }
    }
}
