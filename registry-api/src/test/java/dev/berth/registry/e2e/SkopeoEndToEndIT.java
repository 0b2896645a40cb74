package dev.berth.registry.e2e;

import static dev.berth.registry.api.RegistryClient.OCI_INDEX;
import static dev.berth.registry.api.RegistryClient.OCI_MANIFEST;
import static dev.berth.registry.api.RegistryClient.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.api.RegistryClient;
import dev.berth.registry.api.RegistryClient.Image;
import dev.berth.registry.testsupport.Closing;
import dev.berth.registry.testsupport.RegistryInstance;
import dev.berth.registry.testsupport.TestStorage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * Debian's skopeo against a running Berth: copies from the docker daemon into Berth, from Berth
 * to an OCI layout on disk and back, and a multi-arch index with {@code --all}, each arriving with
 * the digest it left with.
 */
class SkopeoEndToEndIT {
    private static final ClientCommand skopeo = new ClientCommand("skopeo", Duration.ofMinutes(2), "--insecure-policy");
    private static final DockerCli docker = new DockerCli(Duration.ofMinutes(2));
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String RUN_ID = UUID.randomUUID().toString().substring(0, 8);
    private static final List<String> localImages = new ArrayList<>();

    private static TestStorage storage;
    private static RegistryInstance berth;
    private static String host;

    @TempDir
    static Path work;

    @BeforeAll
    static void start() {
        skopeo.version();
        docker.requireDaemonAndBusybox();
        storage = TestStorage.filesystem();
        berth = RegistryInstance.start(storage);
        host = "127.0.0.1:" + berth.base().getPort();
    }

    @AfterAll
    static void stop() {
        docker.removeImages(localImages);
        Closing.quietly(berth, storage);
    }

    @Test
    void imageCopiedFromTheDaemonToBerthToAnOciLayoutAndBackArrivesWhole() throws Exception {
        String local = "berth-skopeo-" + RUN_ID + ":1";
        localImages.add(local);
        docker.buildPrintingImage(local, "copied by skopeo", work);

        skopeo.run("copy", "--dest-tls-verify=false", "docker-daemon:" + local, "docker://" + host + "/team/skopeo:1");
        Path layout = work.resolve("layout-" + UUID.randomUUID());
        skopeo.run("copy", "--src-tls-verify=false", "docker://" + host + "/team/skopeo:1", "oci:" + layout + ":1");
        skopeo.run("copy", "--dest-tls-verify=false", "oci:" + layout + ":1", "docker://" + host + "/team/back:1");

        // skopeo writes the layout as OCI (converting Docker's format); Berth gets exactly that back.
        String inLayout = JSON.readTree(Files.readString(layout.resolve("index.json")))
                .get("manifests").get(0).get("digest").asString();
        assertThat(digestOf("team/back:1")).isEqualTo(inLayout);
        assertThat(digestOf("team/skopeo:1")).startsWith("sha256:");
        localImages.add(host + "/team/back:1");
        docker.run("pull", host + "/team/back:1");
        assertThat(docker.run("run", "--rm", host + "/team/back:1").stdout().strip()).isEqualTo("copied by skopeo");
    }

    @Test
    void multiArchIndexIsCopiedWholeWithAll() {
        RegistryClient client = new RegistryClient(berth.base().getPort());
        Image amd64 = client.pushImage("team/multi", "amd64");
        Image arm64 = client.pushImage("team/multi", "arm64");
        RegistryClient.Content index = client.pushManifest("team/multi", "1", OCI_INDEX,
                RegistryClient.index(OCI_INDEX, amd64.manifest(), arm64.manifest()));

        skopeo.run("copy", "--all", "--preserve-digests", "--src-tls-verify=false", "--dest-tls-verify=false",
                "docker://" + host + "/team/multi:1", "docker://" + host + "/team/multi-copy:1");

        assertThat(digestOf("team/multi-copy:1")).isEqualTo(index.digest());
        for (Image child : List.of(amd64, arm64)) {
            assertStatus(client.get("/v2/team/multi-copy/manifests/" + child.digest(), "Accept", OCI_MANIFEST), 200);
            assertStatus(client.get("/v2/team/multi-copy/blobs/" + child.layer().digest()), 200);
        }
    }

    /** The digest of the manifest (or index) skopeo reads for {@code repo:tag} in Berth, as raw bytes. */
    private static String digestOf(String reference) {
        String raw = skopeo.run("inspect", "--raw", "--tls-verify=false", "docker://" + host + "/" + reference).stdout();
        return RegistryClient.sha256(raw.getBytes(StandardCharsets.UTF_8));
    }
}
