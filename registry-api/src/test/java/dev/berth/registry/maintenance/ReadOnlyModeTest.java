package dev.berth.registry.maintenance;

import static dev.berth.registry.testsupport.RegistryInstance.describe;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.api.RegistryClient;
import dev.berth.registry.testsupport.RegistryInstance;
import dev.berth.registry.testsupport.TestStorage;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code registry.read-only}: pulls, HEADs and listings work; every push and delete is refused with
 * {@code 405 UNSUPPORTED} "registry is in read-only mode"; and nothing in the store changes, not
 * a last-used mark on a read, not through scheduled garbage collection and upload clean-up that
 * would otherwise remove things.
 */
class ReadOnlyModeTest {
    private static final String REPO = "frozen/app";

    private final TestStorage storage = TestStorage.filesystem();
    private RegistryInstance registry;

    @AfterEach
    void stop() {
        if (registry != null) {
            registry.close();
        }
        storage.close();
    }

    @Test
    void readsWorkWritesAreRefusedAndTheStoreStaysAsItWas() throws Exception {
        RegistryClient.Image image;
        RegistryClient.Content orphan;
        String session;
        try (RegistryInstance writable = RegistryInstance.start(storage)) {
            RegistryClient client = new RegistryClient(writable.base().getPort());
            image = client.pushImage(REPO, "1");
            orphan = client.pushBlob("frozen/other", RegistryClient.randomBytes(100));
            session = RegistryInstance.location(writable.post("/v2/" + REPO + "/blobs/uploads/", new byte[0]));
        }
        Map<String, String> before = storedContent();

        // Housekeeping that would remove the orphan blob and the session at once, if it ran.
        registry = RegistryInstance.start(storage, "--registry.read-only=true",
                "--registry.gc.schedule=* * * * * *", "--registry.gc.grace-period=0s",
                "--registry.uploads.max-age=1ms", "--registry.uploads.cleanup-interval=100ms");
        RegistryClient client = new RegistryClient(registry.base().getPort());

        assertThat(client.get("/v2/" + REPO + "/manifests/1", "Accept", RegistryClient.OCI_MANIFEST).body())
                .isEqualTo(image.manifest().bytes());
        assertThat(client.get("/v2/" + REPO + "/blobs/" + image.layer().digest()).body()).isEqualTo(image.layer().bytes());
        assertThat(registry.head("/v2/" + REPO + "/blobs/" + image.config().digest()).statusCode()).isEqualTo(200);
        assertThat(client.tags(REPO)).containsExactly("1");
        assertThat(client.get("/v2/_catalog").statusCode()).isEqualTo(200);
        assertThat(registry.get(session).statusCode()).as("upload status is a read").isEqualTo(204);
        assertThat(registry.get("/api/repositories/" + REPO + "/-/tags").statusCode()).isEqualTo(200);

        byte[] blob = RegistryClient.randomBytes(10);
        String digest = RegistryClient.sha256(blob);
        assertReadOnly(registry.post("/v2/" + REPO + "/blobs/uploads/", new byte[0]));
        assertReadOnly(registry.post("/v2/" + REPO + "/blobs/uploads/?digest=" + digest, blob));
        assertReadOnly(registry.post("/v2/" + REPO + "/blobs/uploads/?mount=" + orphan.digest() + "&from=frozen/other",
                new byte[0]));
        assertReadOnly(registry.patch(session, blob, "Content-Type", "application/octet-stream"));
        assertReadOnly(registry.put(RegistryInstance.withQuery(session, "digest", digest), blob));
        assertReadOnly(registry.delete(session));
        assertReadOnly(registry.put("/v2/" + REPO + "/manifests/2", image.manifest().bytes(),
                "Content-Type", RegistryClient.OCI_MANIFEST));
        assertReadOnly(registry.delete("/v2/" + REPO + "/manifests/1"));
        assertReadOnly(registry.delete("/v2/" + REPO + "/manifests/" + image.digest()));
        assertReadOnly(registry.delete("/v2/" + REPO + "/blobs/" + image.layer().digest()));
        assertReadOnly(registry.delete("/api/repositories/" + REPO + "/-/tags/1"));
        assertReadOnly(registry.delete("/api/repositories/" + REPO + "/-/manifests/" + image.digest()));
        assertReadOnly(registry.post("/api/admin/gc", new byte[0]));
        assertReadOnly(registry.post("/api/admin/uploads/cleanup", new byte[0]));
        HttpResponse<byte[]> dryRun = registry.post("/api/admin/gc?dryRun=true", new byte[0]);
        assertThat(dryRun.statusCode()).as("a dry run changes nothing, so it may run: %s", describe(dryRun)).isEqualTo(200);

        Thread.sleep(1500); // past a scheduled collection and several clean-up intervals
        assertThat(storedContent()).as("nothing in the store changed").isEqualTo(before);
        assertThat(before).as("the blobs carry last-used marks a read would have refreshed")
                .containsKey("blobs/sha256/" + image.layer().digest().substring(7, 9) + "/" + image.layer().digest().substring(7)
                        + "/lastused");
        assertThat(before).containsKey("blobs/sha256/" + orphan.digest().substring(7, 9) + "/"
                + orphan.digest().substring(7) + "/data");
    }

    @Test
    void aMirrorServesWhatItHasCachedAndAsksNoUpstream() throws Exception {
        try (TestStorage upstreamStore = TestStorage.filesystem();
             RegistryInstance upstream = RegistryInstance.start(upstreamStore)) {
            RegistryClient toUpstream = new RegistryClient(upstream.base().getPort());
            RegistryClient.Image cached = toUpstream.pushImage("team/app", "1");
            String[] mirrorOf = {"--registry.proxy.upstreams[0].prefix=hub",
                    "--registry.proxy.upstreams[0].url=" + upstream.base(),
                    "--registry.proxy.upstreams[0].tag-ttl=1ms"};
            try (RegistryInstance writable = RegistryInstance.start(storage, mirrorOf)) {
                assertThat(writable.get("/v2/hub/team/app/manifests/1", "Accept", RegistryClient.OCI_MANIFEST).statusCode())
                        .isEqualTo(200);
                assertThat(writable.get("/v2/hub/team/app/blobs/" + cached.layer().digest()).body())
                        .isEqualTo(cached.layer().bytes());
            }
            RegistryClient.Image moved = toUpstream.pushImage("team/app", "1");
            RegistryClient.Image uncached = toUpstream.pushImage("team/app", "2");
            Map<String, String> before = storedContent();

            registry = RegistryInstance.start(storage, concat(mirrorOf, "--registry.read-only=true"));

            HttpResponse<byte[]> tag = registry.get("/v2/hub/team/app/manifests/1", "Accept", RegistryClient.OCI_MANIFEST);
            assertThat(tag.statusCode()).as(describe(tag)).isEqualTo(200);
            assertThat(tag.body()).as("the cached image, though its tag moved upstream").isEqualTo(cached.manifest().bytes())
                    .isNotEqualTo(moved.manifest().bytes());
            assertThat(registry.get("/v2/hub/team/app/blobs/" + cached.layer().digest()).body())
                    .isEqualTo(cached.layer().bytes());
            assertError(registry.get("/v2/hub/team/app/manifests/2", "Accept", RegistryClient.OCI_MANIFEST),
                    404, "MANIFEST_UNKNOWN");
            assertError(registry.get("/v2/hub/team/app/blobs/" + uncached.layer().digest()), 404, "BLOB_UNKNOWN");
            assertThat(storedContent()).as("nothing in the store changed").isEqualTo(before);
        }
    }

    private static String[] concat(String[] arguments, String more) {
        String[] all = Arrays.copyOf(arguments, arguments.length + 1);
        all[arguments.length] = more;
        return all;
    }

    private static void assertError(HttpResponse<byte[]> response, int status, String code) {
        assertThat(response.statusCode()).as(describe(response)).isEqualTo(status);
        assertThat(RegistryClient.readJson(response).get("errors").get(0).get("code").asString()).isEqualTo(code);
    }

    /** Every file with its size and last change, the blobs' last-used marks included: reads write nothing. */
    private Map<String, String> storedContent() throws Exception {
        Map<String, String> files = new TreeMap<>();
        for (Map.Entry<String, Long> file : storage.filesUnder("").entrySet()) {
            files.put(file.getKey(), file.getValue() + " bytes, changed "
                    + Files.getLastModifiedTime(((TestStorage.Filesystem) storage).root().resolve(file.getKey())));
        }
        return files;
    }

    private static void assertReadOnly(HttpResponse<byte[]> response) {
        assertError(response, 405, "UNSUPPORTED");
        JsonNode error = RegistryClient.readJson(response).get("errors").get(0);
        assertThat(error.get("message").asString()).isEqualTo("registry is in read-only mode");
    }
}
