package dev.berth.registry.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import dev.berth.registry.testsupport.Closing;
import dev.berth.registry.testsupport.RegistryInstance;
import dev.berth.registry.testsupport.TestStorage;
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
 * Google's Jib ({@code jib-core}), as Java teams push to their registry: an image built in Java
 * from scratch and pushed to Berth; docker then pulls it from Berth and runs it.
 */
class JibEndToEndIT {
    @TempDir
    static Path work;

    private static final DockerCli docker = new DockerCli(Duration.ofMinutes(2));
    private static final List<String> localImages = new ArrayList<>();
    private static TestStorage storage;
    private static RegistryInstance berth;

    @BeforeAll
    static void start() {
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
    void imageBuiltAndPushedWithJibIsPulledAndRunByDocker() throws Exception {
        String image = "127.0.0.1:" + berth.base().getPort() + "/team/jib:1";
        Path content = Files.writeString(work.resolve("content.txt"), "built by jib");
        FileEntriesLayer files = FileEntriesLayer.builder().setName("app")
                .addEntry(DockerCli.STATIC_BUSYBOX, AbsoluteUnixPath.get("/busybox"), FilePermissions.fromOctalString("755"))
                .addEntry(content, AbsoluteUnixPath.get("/content.txt"))
                .build();

        JibContainer pushed = Jib.fromScratch()
                .addFileEntriesLayer(files)
                .setEntrypoint("/busybox", "cat", "/content.txt")
                .containerize(Containerizer.to(RegistryImage.named(image))
                        // Berth on 127.0.0.1 speaks plain HTTP; the caches stay in this test's folder.
                        .setAllowInsecureRegistries(true)
                        .setBaseImageLayersCache(work.resolve("base-cache"))
                        .setApplicationLayersCache(work.resolve("app-cache")));

        localImages.add(image);
        docker.run("pull", image);
        assertThat(docker.repoDigest(image)).isEqualTo(pushed.getDigest().toString());
        assertThat(docker.run("run", "--rm", image).stdout().strip()).isEqualTo("built by jib");
    }
}
