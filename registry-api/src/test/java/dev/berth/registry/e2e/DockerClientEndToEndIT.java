package dev.berth.registry.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.BerthApplication;
import dev.berth.registry.testsupport.RunsOnEveryStore;
import dev.berth.registry.testsupport.TestStorage;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.startupcheck.OneShotStartupCheckStrategy;
import org.testcontainers.utility.DockerImageName;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The real docker client against Berth started in-process: build a tiny image locally, push it,
 * forget it, pull it back and run it. Docker treats a registry on 127.0.0.1 as plain-HTTP capable,
 * so no TLS or daemon configuration is needed. Without a docker daemon these tests fail; they never
 * skip ({@code .ci/run} installs and starts docker). Testcontainers needs the environment that
 * the root pom gives surefire ({@code TESTCONTAINERS_RYUK_DISABLED}, {@code TESTCONTAINERS_HOST_OVERRIDE}):
 * without it, it tries to pull helper images from Docker Hub, which is not reachable here.
 */
@RunsOnEveryStore
@SpringBootTest(classes = BerthApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class DockerClientEndToEndIT {

    private static final String MANIFEST_TYPES = "application/vnd.oci.image.manifest.v1+json,"
            + "application/vnd.docker.distribution.manifest.v2+json";
    private static final Pattern PUSHED_DIGEST = Pattern.compile("digest: (sha256:[0-9a-f]{64}) size: \\d+");

    /** Unique per run, so local tags never collide with a previous or parallel run. */
    private static final String RUN_ID = UUID.randomUUID().toString().substring(0, 8);

    private static final DockerCli docker = new DockerCli(Duration.ofMinutes(2));
    private static final HttpClient http = HttpClient.newHttpClient();
    private static final JsonMapper json = JsonMapper.builder().build();
    /** Every local image reference this class created; removed after all tests. */
    private static final List<String> createdImages = new ArrayList<>();

    /** A temporary folder, or a prefix in S3 when the run sets {@code berth.test.storage=s3}. */
    private static final TestStorage storage = TestStorage.create();
    @TempDir
    static Path buildContexts;

    /** The image pushed as team/app:1, built and pushed once, by whichever test needs it first. */
    private static PushedImage app;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void storage(DynamicPropertyRegistry registry) {
        storage.addTo(registry);
    }

    @BeforeAll
    static void dockerIsThere() {
        docker.requireDaemonAndBusybox();
    }

    @AfterAll
    static void removeStore() {
        storage.close();
    }

    @AfterAll
    static void removeLocalImages() {
        docker.removeImages(createdImages);
    }

    @Test
    void imagePushedWithDockerIsPulledBackAndRuns() {
        PushedImage pushed = app();

        // The daemon forgets the image entirely, so the pull has to fetch every layer from Berth.
        forget(pushed);

        docker.run("pull", pushed.reference());
        assertThat(repoDigest(pushed.reference())).isEqualTo(pushed.byDigest());

        try (GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(pushed.reference()))
                .withStartupCheckStrategy(new OneShotStartupCheckStrategy().withTimeout(Duration.ofSeconds(60)))) {
            container.start();
            assertThat(container.getLogs().strip()).isEqualTo(pushed.content());
        }
    }

    @Test
    void layerSharedByTwoRepositoriesIsStoredOnceAndLinkedFromBoth() throws Exception {
        PushedImage first = app();
        PushedImage second = buildAndPush("team/other:1");

        String busyboxLayer = firstLayer("team/app", first.digest());
        assertThat(firstLayer("team/other", second.digest()))
                .as("both images start with the same busybox layer")
                .isEqualTo(busyboxLayer);
        String hex = busyboxLayer.substring("sha256:".length());

        String blob = "blobs/sha256/" + hex.substring(0, 2) + "/" + hex + "/data";
        assertThat(storage.filesUnder("blobs").keySet().stream().filter(path -> path.contains(hex))
                        .filter(path -> !path.endsWith("/lastused"))) // GC's mark, not content
                .as("files under blobs/ named by the layer's digest in %s", storage)
                .containsExactly(blob);
        assertThat(sha256(storage, blob)).isEqualTo(busyboxLayer);

        // No other copy of those bytes anywhere: the repositories hold links only. (On S3 the bytes
        // stay in the object the push streamed them to, and the blob's key holds a pointer to it.)
        Map<String, Long> stored = storage.filesUnder("");
        long layerSize = storage.read(blob).length;
        assertThat(stored.entrySet().stream().filter(file -> file.getValue() >= layerSize).map(Map.Entry::getKey))
                .hasSize(1);
        for (String repository : List.of("team/app", "team/other")) {
            String link = "repositories/" + repository + "/_layers/sha256/" + hex + "/link";
            assertThat(storage.isFile(link)).as("%s links the busybox layer", repository).isTrue();
            assertThat(new String(storage.read(link), StandardCharsets.US_ASCII).strip()).isEqualTo(busyboxLayer);
        }
    }

    @Test
    void imageCanBePulledByDigest() {
        PushedImage pushed = app();
        forget(pushed);

        createdImages.add(pushed.byDigest());
        docker.run("pull", pushed.byDigest());

        assertThat(repoDigest(pushed.byDigest())).isEqualTo(pushed.byDigest());
        DockerCli.Result run = docker.run("run", "--rm", pushed.byDigest());
        assertThat(run.stdout().strip()).isEqualTo(pushed.content());
    }

    /** An image as pushed: {@code reference} is registry/repository:tag, {@code byDigest} registry/repository@digest. */
    private record PushedImage(String reference, String byDigest, String digest, String content) {
    }

    private synchronized PushedImage app() {
        if (app == null) {
            app = buildAndPush("team/app:1");
        }
        return app;
    }

    /**
     * Builds FROM scratch: layer 1 is the static busybox, layer 2 a file with random content; the
     * image prints that content. Pushes it as {@code repositoryAndTag}, then removes the local
     * build tag so only the registry reference is left.
     */
    private PushedImage buildAndPush(String repositoryAndTag) {
        String content = "berth-e2e-" + UUID.randomUUID();
        String localTag = "berth-e2e-" + RUN_ID + "/" + repositoryAndTag.replace('/', '-').replace(':', '-') + ":build";
        String repository = repositoryAndTag.substring(0, repositoryAndTag.indexOf(':'));
        String reference = registry() + "/" + repositoryAndTag;
        createdImages.add(localTag);
        docker.buildPrintingImage(localTag, content, buildContexts);
        createdImages.add(reference);
        docker.run("tag", localTag, reference);
        DockerCli.Result push = docker.run("push", reference);
        docker.run("rmi", localTag);

        Matcher digest = PUSHED_DIGEST.matcher(push.stdout());
        assertThat(digest.find()).as("docker push reports the manifest digest: %s", push.describe()).isTrue();
        String byDigest = registry() + "/" + repository + "@" + digest.group(1);
        assertThat(repoDigest(reference)).isEqualTo(byDigest);
        return new PushedImage(reference, byDigest, digest.group(1), content);
    }

    /** Removes the image from the daemon, so the next pull has to fetch its layers from Berth. */
    private void forget(PushedImage image) {
        docker.attempt("rmi", image.reference());
        docker.attempt("rmi", image.byDigest());
        assertThat(docker.attempt("image", "inspect", image.reference()).succeeded()).isFalse();
        assertThat(docker.attempt("image", "inspect", image.byDigest()).succeeded()).isFalse();
    }

    private String repoDigest(String reference) {
        return docker.run("image", "inspect", "--format", "{{index .RepoDigests 0}}", reference).stdout().strip();
    }

    /** The digest of the first layer, read from the manifest as Berth serves it. */
    private String firstLayer(String repository, String manifestDigest) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://" + registry() + "/v2/" + repository + "/manifests/" + manifestDigest))
                .header("Accept", MANIFEST_TYPES)
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode layers = json.readTree(response.body()).get("layers");
        assertThat(layers.size()).isEqualTo(2);
        return layers.get(0).get("digest").asString();
    }

    private String registry() {
        return "127.0.0.1:" + port;
    }

    private static String sha256(TestStorage storage, String path) throws IOException, NoSuchAlgorithmException {
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        try (InputStream in = storage.open(path)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha256.update(buffer, 0, n);
            }
        }
        return "sha256:" + HexFormat.of().formatHex(sha256.digest());
    }
}
