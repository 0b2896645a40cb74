package dev.berth.registry.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.testsupport.Closing;
import dev.berth.registry.testsupport.RegistryInstance;
import dev.berth.registry.testsupport.TestStorage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Berth as a docker daemon's {@code registry-mirrors} entry: a daemon started with
 * {@code --registry-mirror} pulls a Docker Hub name ({@code <name>:1}, that is
 * {@code docker.io/library/<name>:1}) and gets it through the mirror's default upstream, with no
 * prefix in sight. Docker Hub itself is unreachable here, so the image can only come through Berth.
 */
class DockerRegistryMirrorEndToEndIT {
    @TempDir
    static Path folder;

    private static final DockerCli docker = new DockerCli(Duration.ofMinutes(3));
    private static final List<String> images = new ArrayList<>();
    private static TestStorage upstreamStore;
    private static TestStorage mirrorStore;
    private static RegistryInstance upstream;
    private static RegistryInstance mirror;
    private static SecondDockerDaemon mirroredDaemon;

    @BeforeAll
    static void start() {
        docker.requireDaemonAndBusybox();
        upstreamStore = TestStorage.filesystem();
        upstream = RegistryInstance.start(upstreamStore);
        mirrorStore = TestStorage.filesystem();
        mirror = RegistryInstance.start(mirrorStore,
                "--registry.proxy.upstreams[0].prefix=hub",
                "--registry.proxy.upstreams[0].url=" + upstream.base(),
                "--registry.proxy.upstreams[0].hosts[0]=docker.io",
                "--registry.proxy.default-upstream=hub");
        mirroredDaemon = SecondDockerDaemon.start(folder.resolve("dockerd"), docker,
                "--registry-mirror=http://127.0.0.1:" + mirror.base().getPort());
    }

    @AfterAll
    static void stop() {
        docker.removeImages(images);
        Closing.quietly(mirroredDaemon, mirror, upstream, mirrorStore, upstreamStore);
    }

    @Test
    void aDaemonWithBerthAsRegistryMirrorPullsDockerHubNamesThroughIt() {
        String name = "berth-mirror-" + UUID.randomUUID().toString().substring(0, 8);
        String content = "pulled through the registry mirror " + name;
        String built = name + ":built";
        String pushed = "127.0.0.1:" + upstream.base().getPort() + "/library/" + name + ":1";
        images.add(built);
        images.add(pushed);
        String digest = docker.pushPrintingImage(built, pushed, content, folder);

        DockerCli mirrored = mirroredDaemon.client();
        mirrored.run("pull", name + ":1");

        assertThat(mirrored.repoDigest(name + ":1")).isEqualTo(digest);
        assertThat(mirrored.run("run", "--rm", "--network", "none", name + ":1").stdout()).isEqualTo(content);
        assertThat(mirror.get("/v2/hub/library/" + name + "/tags/list").statusCode())
                .as("cached under the upstream's prefix").isEqualTo(200);

        mirroredDaemon.close();
        mirroredDaemon = null;
        assertThat(docker.run("run", "--rm", built).stdout())
                .as("the machine's own daemon still runs containers on its default network").isEqualTo(content);
    }
}
