package dev.berth.registry.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.berth.registry.testsupport.RegistryInstance;
import dev.berth.registry.testsupport.TestStorage;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * With the real docker client: a {@code docker push} produces one manifest push event naming the
 * tag and the digest docker reports; the same store served read-only lets docker pull the image
 * and shows docker's user the read-only message when it pushes.
 */
class DockerEventsAndReadOnlyEndToEndIT {
    private static final Pattern PUSHED_DIGEST = Pattern.compile("digest: (sha256:[0-9a-f]{64}) size: \\d+");
    private static final DockerCli docker = new DockerCli(Duration.ofMinutes(2));
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path buildContexts;
    private final TestStorage storage = TestStorage.filesystem();
    private final List<String> createdImages = new ArrayList<>();
    private final List<byte[]> events = new CopyOnWriteArrayList<>();
    private HttpServer receiver;

    @BeforeAll
    static void dockerIsThere() {
        docker.requireDaemonAndBusybox();
    }

    @AfterEach
    void cleanUp() {
        docker.removeImages(createdImages);
        if (receiver != null) {
            receiver.stop(0);
        }
        storage.close();
    }

    @Test
    void dockerPushIsAnnouncedAndAReadOnlyRegistryServesPullsButRefusesPushes() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            events.add(exchange.getRequestBody().readAllBytes());
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
        String localTag = "berth-events-" + UUID.randomUUID().toString().substring(0, 8) + ":build";
        createdImages.add(localTag);
        docker.buildPrintingImage(localTag, "hello from an announced push", buildContexts);

        try (RegistryInstance registry = RegistryInstance.start(storage,
                "--registry.notifications.endpoints[0].name=ci",
                "--registry.notifications.endpoints[0].url=http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook")) {
            String reference = host(registry) + "/team/events:v1";
            createdImages.add(reference);
            docker.run("tag", localTag, reference);
            DockerCli.Result push = docker.run("push", reference);
            Matcher pushed = PUSHED_DIGEST.matcher(push.stdout());
            assertThat(pushed.find()).as(push.describe()).isTrue();
            String digest = pushed.group(1);

            List<JsonNode> pushes = awaitPushEvents(1);
            JsonNode target = pushes.get(0).get("target");
            assertThat(target.get("repository").asString()).isEqualTo("team/events");
            assertThat(target.get("tag").asString()).isEqualTo("v1");
            assertThat(target.get("digest").asString()).isEqualTo(digest);
            assertThat(target.get("mediaType").asString()).isIn("application/vnd.docker.distribution.manifest.v2+json",
                    "application/vnd.oci.image.manifest.v1+json");
            assertThat(pushes.get(0).get("request").get("useragent").asString()).contains("docker");
        }

        try (RegistryInstance readOnly = RegistryInstance.start(storage, "--registry.read-only=true")) {
            String reference = host(readOnly) + "/team/events:v1";
            createdImages.add(reference);
            docker.run("pull", reference);
            String another = host(readOnly) + "/team/events:v2";
            createdImages.add(another);
            docker.run("tag", localTag, another);
            DockerCli.Result refused = docker.attempt("push", another);
            assertThat(refused.succeeded()).as(refused.describe()).isFalse();
            assertThat(refused.stdout() + refused.stderr()).as(refused.describe()).contains("registry is in read-only mode");
        }
    }

    private List<JsonNode> awaitPushEvents(int count) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(20);
        while (true) {
            List<JsonNode> pushes = events.stream().map(body -> JSON.readTree(body).get("events").get(0))
                    .filter(event -> event.get("action").asString().equals("push")).toList();
            if (pushes.size() >= count || Instant.now().isAfter(deadline)) {
                assertThat(pushes).as("push events: one per manifest, none per layer").hasSize(count);
                return pushes;
            }
            Thread.sleep(50);
        }
    }

    private static String host(RegistryInstance registry) {
        return "127.0.0.1:" + registry.base().getPort();
    }
}
