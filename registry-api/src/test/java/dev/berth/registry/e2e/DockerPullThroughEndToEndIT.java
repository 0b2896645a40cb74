package dev.berth.registry.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.testsupport.Closing;
import dev.berth.registry.testsupport.RegistryInstance;
import dev.berth.registry.testsupport.TestStorage;
import java.net.http.HttpResponse;
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
 * The real docker client pulls through Berth as a pull-through cache of two upstreams at once:
 * another Berth and Debian's docker-registry (CNCF Distribution), each under its own prefix, the
 * first also as the default upstream for names without prefix (what a daemon's {@code registry-mirrors}
 * entry asks for). When an upstream is gone, images pulled before still pull and run, from the cache.
 */
class DockerPullThroughEndToEndIT {
    private static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";

    @TempDir
    static Path folder;

    private static final DockerCli docker = new DockerCli(Duration.ofMinutes(3));
    private static final List<String> images = new ArrayList<>();
    private static TestStorage upstreamStore;
    private static TestStorage mirrorStore;
    private static RegistryInstance upstream;
    private static DistributionRegistry distribution;
    private static RegistryInstance mirror;

    @BeforeAll
    static void start() {
        docker.requireDaemonAndBusybox();
        upstreamStore = TestStorage.filesystem();
        upstream = RegistryInstance.start(upstreamStore);
        distribution = DistributionRegistry.start(folder.resolve("distribution"));
        mirrorStore = TestStorage.filesystem();
        mirror = RegistryInstance.start(mirrorStore,
                "--registry.proxy.upstreams[0].name=berth-upstream",
                "--registry.proxy.upstreams[0].prefix=berth",
                "--registry.proxy.upstreams[0].url=" + upstream.base(),
                "--registry.proxy.upstreams[0].tag-ttl=1s",
                "--registry.proxy.default-upstream=berth",
                "--registry.proxy.upstreams[1].name=distribution",
                "--registry.proxy.upstreams[1].prefix=dist",
                "--registry.proxy.upstreams[1].url=" + distribution.base());
    }

    @AfterAll
    static void stop() {
        docker.removeImages(images);
        Closing.quietly(mirror, upstream, distribution, mirrorStore, upstreamStore);
    }

    @Test
    void dockerPullsThroughTheMirrorFromTwoUpstreamsAndFromTheCacheOnceTheUpstreamIsGone() throws InterruptedException {
        String id = UUID.randomUUID().toString().substring(0, 8);
        String fromBerth = "served by berth " + id;
        String fromDistribution = "served by distribution " + id;
        String berthDigest = pushToUpstream(upstream.base().getPort(), "team/app", fromBerth, id + "a");
        String distributionDigest = pushToUpstream(distribution.port(), "team/app", fromDistribution, id + "b");

        String viaMirror = "127.0.0.1:" + mirror.base().getPort() + "/berth/team/app:1";
        String viaMirrorDist = "127.0.0.1:" + mirror.base().getPort() + "/dist/team/app:1";
        pullAndCheck(viaMirror, berthDigest, fromBerth);
        pullAndCheck(viaMirrorDist, distributionDigest, fromDistribution);
        // As a daemon's registry-mirrors entry is asked: the upstream's name, no prefix (default-upstream).
        String unprefixed = "127.0.0.1:" + mirror.base().getPort() + "/team/app:1";
        pullAndCheck(unprefixed, berthDigest, fromBerth);

        upstream.close();
        Thread.sleep(1_100); // past the tag-ttl: the mirror would ask the upstream now, and cannot
        docker.run("rmi", "--force", viaMirror, unprefixed); // the image and its layers, so they must be pulled again
        assertThat(pullAndCheck(viaMirror, berthDigest, fromBerth))
                .as("layers came from the cache, the upstream being gone").contains("Pull complete");
        HttpResponse<byte[]> stale = mirror.get("/v2/berth/team/app/manifests/1", "Accept", DOCKER_MANIFEST);
        assertThat(stale.statusCode()).isEqualTo(200);
        assertThat(stale.headers().allValues("Warning")).contains("110 - \"Response is Stale\"");

        // A tag the cache never saw, with its upstream gone: docker shows why, not a bare status.
        String neverCached = "127.0.0.1:" + mirror.base().getPort() + "/berth/team/app:never-pulled";
        DockerCli.Result miss = docker.attempt("pull", neverCached);
        assertThat(miss.succeeded()).as(miss.describe()).isFalse();
        assertThat(miss.stderr()).as(miss.describe())
                .contains("not in this registry's cache").contains("unreachable");
    }

    /** Builds a printing image, pushes it as {@code name:1} to the registry on {@code port}, removes it locally; returns its digest. */
    private String pushToUpstream(int port, String name, String content, String buildId) {
        String built = "berth-mirror-e2e:" + buildId;
        String pushed = "127.0.0.1:" + port + "/" + name + ":1";
        images.add(built);
        images.add(pushed);
        String digest = docker.pushPrintingImage(built, pushed, content, folder);
        docker.run("rmi", "--force", built, pushed);
        return digest;
    }

    /** Pulls, checks the digest and what the container prints; returns what {@code docker pull} printed. */
    private String pullAndCheck(String reference, String expectedDigest, String expectedOutput) {
        images.add(reference);
        String pulled = docker.run("pull", reference).stdout();
        assertThat(docker.repoDigest(reference)).isEqualTo(expectedDigest);
        assertThat(docker.run("run", "--rm", reference).stdout()).isEqualTo(expectedOutput);
        return pulled;
    }
}
