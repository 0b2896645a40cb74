package dev.berth.registry.e2e;

import static dev.berth.registry.api.RegistryClient.OCI_EMPTY;
import static dev.berth.registry.api.RegistryClient.OCI_MANIFEST;
import static dev.berth.registry.api.RegistryClient.json;
import static dev.berth.registry.api.RegistryClient.readJson;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.api.RegistryClient;
import dev.berth.registry.testsupport.Closing;
import dev.berth.registry.testsupport.RegistryInstance;
import dev.berth.registry.testsupport.TestStorage;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * An on-push replication rule with docker as the client: a multi-arch manifest list that
 * {@code docker manifest push} lands, and an SBOM attached to it, reach a second Berth (token mode)
 * within seconds, and docker pulls the image from there.
 */
class DockerReplicationEndToEndIT {
    private static final String DOCKER_MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    private static final String USER = "replicator";
    private static final String PASSWORD = "replicator-Pa55-word";

    @TempDir
    static Path folder;

    private static final DockerCli docker = new DockerCli(Duration.ofMinutes(3));
    private static final List<String> images = new ArrayList<>();
    private static TestStorage siteAStore;
    private static TestStorage siteBStore;
    private static RegistryInstance siteA;
    private static RegistryInstance siteB;

    @BeforeAll
    static void start() {
        docker.requireDaemonAndBusybox();
        siteBStore = TestStorage.filesystem();
        siteB = RegistryInstance.start(siteBStore, "--registry.auth.mode=token",
                "--registry.auth.users[0].name=" + USER,
                "--registry.auth.users[0].password=" + new BCryptPasswordEncoder(5).encode(PASSWORD));
        siteAStore = TestStorage.filesystem();
        siteA = RegistryInstance.start(siteAStore,
                "--registry.replication.rules[0].name=to-b",
                "--registry.replication.rules[0].direction=push",
                "--registry.replication.rules[0].remote=" + siteB.base(),
                "--registry.replication.rules[0].username=" + USER,
                "--registry.replication.rules[0].password=" + PASSWORD,
                "--registry.replication.rules[0].repositories[0]=team/**",
                "--registry.replication.rules[0].tags=release-*",
                "--registry.replication.rules[0].trigger=on-push");
    }

    @AfterAll
    static void stop() {
        docker.removeImages(images);
        Closing.quietly(siteA, siteB, siteAStore, siteBStore);
    }

    @Test
    void aDockerPushedManifestListAndItsSbomArriveAtTheOtherSiteWithinSeconds() throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        String a = "127.0.0.1:" + siteA.base().getPort() + "/team/app";
        String amd64 = a + ":build-amd64-" + id;
        String arm64 = a + ":build-arm64-" + id;
        docker.pushPrintingImage("berth-test-repl-amd64:" + id, amd64, "amd64 " + id, folder);
        docker.pushPrintingImage("berth-test-repl-arm64:" + id, arm64, "arm64 " + id, folder);
        images.addAll(List.of("berth-test-repl-amd64:" + id, "berth-test-repl-arm64:" + id, amd64, arm64));
        String list = a + ":release-" + id;
        docker.run("manifest", "create", "--insecure", list, amd64, arm64);
        docker.run("manifest", "annotate", "--arch", "arm64", list, arm64);
        long pushed = System.nanoTime();
        String listDigest = docker.run("manifest", "push", "--purge", "--insecure", list).stdout().strip();
        assertThat(listDigest).startsWith("sha256:");
        RegistryClient atA = new RegistryClient(siteA.base().getPort());
        HttpResponse<byte[]> listAtA = atA.get("/v2/team/app/manifests/" + listDigest, "Accept", DOCKER_MANIFEST_LIST);
        RegistryClient.Content sbom = pushSbom(atA, new RegistryClient.Content(DOCKER_MANIFEST_LIST, listDigest, listAtA.body()));

        String token = readJson(siteB.get("/auth/token?service=berth&scope=repository:team/app:pull",
                "Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)))).get("token").asString();
        RegistryClient atB = new RegistryClient(siteB.base().getPort()).withToken(token);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline && (atB.get("/v2/team/app/manifests/release-" + id, "Accept", DOCKER_MANIFEST_LIST).statusCode() != 200
                || atB.get("/v2/team/app/manifests/" + sbom.digest(), "Accept", OCI_MANIFEST).statusCode() != 200)) {
            Thread.sleep(50);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - pushed);
        HttpResponse<byte[]> listAtB = atB.get("/v2/team/app/manifests/release-" + id, "Accept", DOCKER_MANIFEST_LIST);
        assertThat(listAtB.statusCode()).isEqualTo(200);
        assertThat(listAtB.headers().firstValue("Docker-Content-Digest")).contains(listDigest);
        assertThat(readJson(atB.get("/v2/team/app/referrers/" + listDigest)).path("manifests").get(0).path("digest").asString())
                .isEqualTo(sbom.digest());
        assertThat(took).as("from the push of the list to both at site B").isLessThan(Duration.ofSeconds(10));
        assertThat(atB.get("/v2/team/app/manifests/build-amd64-" + id, "Accept", OCI_MANIFEST).statusCode())
                .as("tags outside the rule's tags stay home").isEqualTo(404);

        // docker pulls the replicated image from site B, logged in there with a configuration of its own.
        DockerCli atSiteB = docker.withConfig(Files.createDirectory(folder.resolve("docker-config-" + id)));
        atSiteB.run("login", "--username", USER, "--password", PASSWORD, "127.0.0.1:" + siteB.base().getPort());
        String fromB = "127.0.0.1:" + siteB.base().getPort() + "/team/app:release-" + id;
        images.add(fromB);
        atSiteB.run("pull", "--platform", "linux/amd64", fromB);
        assertThat(atSiteB.run("run", "--rm", "--platform", "linux/amd64", "--label", DockerCli.RUN_LABEL + "=" + DockerCli.RUN, fromB)
                .stdout()).contains("amd64 " + id);
    }

    private static RegistryClient.Content pushSbom(RegistryClient client, RegistryClient.Content subject) {
        RegistryClient.Content empty = client.pushBlob("team/app", OCI_EMPTY, "{}".getBytes(StandardCharsets.UTF_8));
        RegistryClient.Content sbom = client.pushBlob("team/app", "application/spdx+json",
                "{\"spdxVersion\":\"SPDX-2.3\"}".getBytes(StandardCharsets.UTF_8));
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("schemaVersion", 2);
        manifest.put("mediaType", OCI_MANIFEST);
        manifest.put("artifactType", "application/spdx+json");
        manifest.put("config", empty.descriptor());
        manifest.put("layers", List.of(sbom.descriptor()));
        manifest.put("subject", subject.descriptor());
        byte[] bytes = json(manifest);
        return client.pushManifest("team/app", RegistryClient.sha256(bytes), OCI_MANIFEST, bytes);
    }
}
