package dev.berth.registry.replication;

import static dev.berth.registry.api.RegistryClient.OCI_CONFIG;
import static dev.berth.registry.api.RegistryClient.OCI_MANIFEST;
import static dev.berth.registry.api.RegistryClient.imageManifest;
import static dev.berth.registry.api.RegistryClient.json;
import static dev.berth.registry.api.RegistryClient.randomBytes;
import static dev.berth.registry.api.RegistryClient.readJson;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.api.RegistryClient;
import dev.berth.registry.e2e.DistributionRegistry;
import dev.berth.registry.testsupport.Closing;
import dev.berth.registry.testsupport.FreePort;
import dev.berth.registry.testsupport.PrometheusScrape;
import dev.berth.registry.testsupport.RegistryInstance;
import dev.berth.registry.testsupport.TestStorage;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Replication when things go wrong or run twice: the remote stops in the middle of a run and comes
 * back, and two replicas over one bucket work the same queue.
 */
class ReplicationResilienceIT {
    private static final int LAYER_BYTES = 1024 * 1024;

    @TempDir
    Path folder;

    /** One image of three 1 MiB layers, pushed into Berth with the test client; returns its manifest. */
    private static RegistryClient.Content pushImage(RegistryClient client, String repository, String tag) {
        List<RegistryClient.Content> layers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            layers.add(client.pushBlob(repository, RegistryClient.OCI_LAYER, randomBytes(LAYER_BYTES)));
        }
        RegistryClient.Content config = client.pushBlob(repository, OCI_CONFIG, json(Map.of("architecture", "amd64",
                "os", "linux", "tag", tag)));
        return client.pushManifest(repository, tag, OCI_MANIFEST,
                imageManifest(OCI_MANIFEST, config, layers.toArray(RegistryClient.Content[]::new)));
    }

    @Test
    void aRemoteStoppedMidRunShowsNothingPartialAndGetsEverythingOnceItIsBack() throws Exception {
        int port = FreePort.pick();
        DistributionRegistry remote = DistributionRegistry.start(folder.resolve("distribution"), port);
        try (TestStorage store = TestStorage.filesystem();
             RegistryInstance berth = RegistryInstance.start(store,
                     "--registry.replication.poll-interval=1h", // only the runs below copy
                     "--registry.replication.workers=1",
                     "--registry.replication.rules[0].name=out",
                     "--registry.replication.rules[0].direction=push",
                     "--registry.replication.rules[0].remote=http://127.0.0.1:" + port,
                     "--registry.replication.rules[0].repositories[0]=team/**")) {
            RegistryClient client = new RegistryClient(berth.base().getPort());
            List<RegistryClient.Content> images = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                images.add(pushImage(client, "team/app" + (i % 4), "t" + i));
            }

            CompletableFuture<JsonNode> run = CompletableFuture.supplyAsync(
                    () -> readJson(berth.post("/api/admin/replication/out/run", new byte[0])));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (copied(berth) < 2 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            remote.close(); // mid-run: some images copied, the rest not
            JsonNode interrupted = run.get(120, TimeUnit.SECONDS);
            assertThat(interrupted.path("failures").size()).as("items that met the outage").isPositive();
            assertThat(interrupted.path("backlog").asInt()).isPositive();

            remote = DistributionRegistry.start(folder.resolve("distribution"), port);
            RegistryClient atRemote = new RegistryClient(port);
            int complete = 0;
            for (int i = 0; i < images.size(); i++) {
                String repository = "team/app" + (i % 4);
                HttpResponse<byte[]> manifest = atRemote.get("/v2/" + repository + "/manifests/t" + i, "Accept", OCI_MANIFEST);
                if (manifest.statusCode() == 200) {
                    assertComplete(atRemote, repository, manifest.body());
                    complete++;
                }
            }
            assertThat(complete).as("images there before the outage").isPositive().isLessThan(images.size());

            JsonNode resumed = readJson(berth.post("/api/admin/replication/out/run", new byte[0]));
            assertThat(resumed.path("failures").size()).isZero();
            assertThat(resumed.path("backlog").asInt()).isZero();
            for (int i = 0; i < images.size(); i++) {
                String repository = "team/app" + (i % 4);
                HttpResponse<byte[]> manifest = atRemote.get("/v2/" + repository + "/manifests/t" + i, "Accept", OCI_MANIFEST);
                assertThat(manifest.statusCode()).as(repository + ":t" + i).isEqualTo(200);
                assertThat(manifest.headers().firstValue("Docker-Content-Digest")).contains(images.get(i).digest());
                assertComplete(atRemote, repository, manifest.body());
            }
        } finally {
            remote.close();
        }
    }

    @Test
    void twoReplicasOverOneBucketCopyEachItemOnce() throws Exception {
        try (TestStorage remoteStore = TestStorage.filesystem();
             RegistryInstance remote = RegistryInstance.start(remoteStore);
             TestStorage bucket = TestStorage.s3()) {
            String[] rule = {
                    "--registry.replication.rules[0].name=out",
                    "--registry.replication.rules[0].direction=push",
                    "--registry.replication.rules[0].remote=" + remote.base(),
                    "--registry.replication.rules[0].repositories[0]=team/**"};
            try (RegistryInstance first = RegistryInstance.start(bucket, concat(rule,
                         "--registry.replication.poll-interval=1h", "--registry.replication.replica-id=first"));
                 RegistryInstance second = RegistryInstance.start(bucket, concat(rule,
                         "--registry.replication.poll-interval=200ms", "--registry.replication.replica-id=second"))) {
                RegistryClient client = new RegistryClient(first.base().getPort());
                int count = 16;
                for (int i = 0; i < count; i++) {
                    client.pushImage("team/app" + (i % 4), "t" + i);
                }

                // The first replica queues everything and copies; the second works the same queue meanwhile.
                readJson(first.post("/api/admin/replication/out/run", new byte[0]));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (backlog(first) > 0 && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                assertThat(backlog(first)).isZero();

                double byFirst = handled(first);
                double bySecond = handled(second);
                assertThat(byFirst + bySecond).as("items handled by both replicas together").isEqualTo(count);
                assertThat(bySecond).as("the second replica took part").isPositive();
                RegistryClient atRemote = new RegistryClient(remote.base().getPort());
                for (int i = 0; i < count; i++) {
                    assertThat(atRemote.get("/v2/team/app" + (i % 4) + "/manifests/t" + i, "Accept", OCI_MANIFEST).statusCode())
                            .isEqualTo(200);
                }
            }
        }
    }

    private static String[] concat(String[] first, String... more) {
        List<String> all = new ArrayList<>(List.of(first));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    /** Copied or found unchanged by this replica: each item must be handled by exactly one. */
    private static double handled(RegistryInstance replica) {
        PrometheusScrape metrics = PrometheusScrape.parse(new String(replica.get("/actuator/prometheus").body(), StandardCharsets.UTF_8));
        return metrics.sum("berth_replication_items_total", "rule", "out", "outcome", "copied")
                + metrics.sum("berth_replication_items_total", "rule", "out", "outcome", "unchanged");
    }

    private static int backlog(RegistryInstance replica) {
        return readJson(replica.get("/api/admin/replication")).path("rules").get(0).path("backlog").asInt();
    }

    private static int copied(RegistryInstance berth) {
        return readJson(berth.get("/api/admin/replication")).path("rules").get(0).path("activity").path("copied").asInt();
    }

    /** Every blob the manifest names is at the remote: a tag there never points at missing content. */
    private static void assertComplete(RegistryClient remote, String repository, byte[] manifest) {
        JsonNode document = JsonMapper.builder().build().readTree(manifest);
        List<String> digests = new ArrayList<>();
        digests.add(document.path("config").path("digest").asString());
        document.path("layers").forEach(layer -> digests.add(layer.path("digest").asString()));
        for (String digest : digests) {
            assertThat(remote.send("HEAD", "/v2/" + repository + "/blobs/" + digest,
                    java.net.http.HttpRequest.BodyPublishers.noBody()).statusCode()).as(repository + "@" + digest).isEqualTo(200);
        }
    }
}
