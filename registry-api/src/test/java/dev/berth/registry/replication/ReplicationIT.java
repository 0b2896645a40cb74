package dev.berth.registry.replication;

import static dev.berth.registry.api.RegistryClient.OCI_CONFIG;
import static dev.berth.registry.api.RegistryClient.OCI_EMPTY;
import static dev.berth.registry.api.RegistryClient.OCI_INDEX;
import static dev.berth.registry.api.RegistryClient.OCI_MANIFEST;
import static dev.berth.registry.api.RegistryClient.assertStatus;
import static dev.berth.registry.api.RegistryClient.imageManifest;
import static dev.berth.registry.api.RegistryClient.index;
import static dev.berth.registry.api.RegistryClient.json;
import static dev.berth.registry.api.RegistryClient.randomBytes;
import static dev.berth.registry.api.RegistryClient.readJson;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.Digest;
import dev.berth.oci.Reference;
import dev.berth.oci.RepositoryName;
import dev.berth.registry.api.RegistryClient;
import dev.berth.registry.e2e.DistributionRegistry;
import dev.berth.registry.remote.RemoteRegistry;
import dev.berth.registry.testsupport.BerthProcess;
import dev.berth.registry.testsupport.Closing;
import dev.berth.registry.testsupport.PrometheusScrape;
import dev.berth.registry.testsupport.RegistryInstance;
import dev.berth.registry.testsupport.TestStorage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import tools.jackson.databind.JsonNode;

/**
 * Replication over real HTTP between real registries on 127.0.0.1: Berth pushing to and pulling
 * from CNCF Distribution (Debian's docker-registry), and Berth copying to another Berth in token
 * mode as soon as something is pushed.
 */
class ReplicationIT {
    private static final String USER = "replicator";
    private static final String PASSWORD = "replicator-Pa55-word";

    @TempDir
    static Path folder;

    private static DistributionRegistry distribution;
    private static TestStorage siteAStore;
    private static TestStorage siteBStore;
    private static RegistryInstance siteA;
    private static RegistryInstance siteB;
    private static RegistryClient toSiteA;
    private static RegistryClient toDistribution;

    @BeforeAll
    static void start() {
        distribution = DistributionRegistry.start(folder.resolve("distribution"));
        toDistribution = new RegistryClient(distribution.port());
        siteBStore = TestStorage.filesystem();
        siteB = RegistryInstance.start(siteBStore, "--registry.auth.mode=token",
                "--registry.auth.users[0].name=" + USER,
                "--registry.auth.users[0].password=" + new BCryptPasswordEncoder(5).encode(PASSWORD));
        siteAStore = TestStorage.create();
        siteA = RegistryInstance.start(siteAStore,
                "--registry.replication.poll-interval=1s",
                "--registry.replication.retry-backoff=1s",
                "--registry.replication.rules[0].name=to-distribution",
                "--registry.replication.rules[0].direction=push",
                "--registry.replication.rules[0].remote=" + distribution.base(),
                "--registry.replication.rules[0].repositories[0]=team/**",
                "--registry.replication.rules[0].destination-prefix=site-a",
                "--registry.replication.rules[0].tags=v*",
                "--registry.replication.rules[1].name=from-distribution",
                "--registry.replication.rules[1].direction=pull",
                "--registry.replication.rules[1].remote=" + distribution.base(),
                "--registry.replication.rules[1].repositories[0]=partner/*",
                "--registry.replication.rules[1].destination-prefix=mirror",
                "--registry.replication.rules[2].name=to-site-b",
                "--registry.replication.rules[2].direction=push",
                "--registry.replication.rules[2].remote=" + siteB.base(),
                "--registry.replication.rules[2].username=" + USER,
                "--registry.replication.rules[2].password=" + PASSWORD,
                "--registry.replication.rules[2].repositories[0]=live/**",
                "--registry.replication.rules[2].trigger=on-push",
                "--registry.replication.rules[2].delete=true",
                "--registry.replication.rules[3].name=to-nowhere",
                "--registry.replication.rules[3].direction=push",
                "--registry.replication.rules[3].remote=http://127.0.0.1:9",
                "--registry.replication.rules[3].repositories[0]=team/app",
                "--registry.replication.rules[4].name=sweep-to-site-b",
                "--registry.replication.rules[4].direction=push",
                "--registry.replication.rules[4].remote=" + siteB.base(),
                "--registry.replication.rules[4].username=" + USER,
                "--registry.replication.rules[4].password=" + PASSWORD,
                "--registry.replication.rules[4].repositories[0]=sweep/**",
                "--registry.replication.rules[4].delete=true",
                "--registry.replication.rules[5].name=keep-at-site-b",
                "--registry.replication.rules[5].direction=push",
                "--registry.replication.rules[5].remote=" + siteB.base(),
                "--registry.replication.rules[5].username=" + USER,
                "--registry.replication.rules[5].password=" + PASSWORD,
                "--registry.replication.rules[5].repositories[0]=sweep/**",
                "--registry.replication.rules[5].destination-prefix=kept");
        toSiteA = new RegistryClient(siteA.base().getPort());
    }

    @AfterAll
    static void stop() {
        Closing.quietly(siteA, siteB, distribution, siteAStore, siteBStore);
    }

    @Test
    void aPushRuleCopiesMatchingTagsToDistributionAndASecondRunOnlyLooks() {
        RegistryClient.Image v1 = toSiteA.pushImage("team/app", "v1");
        RegistryClient.Image other = toSiteA.pushImage("team/app", "v2");
        RegistryClient.Content multiArch = pushIndex(toSiteA, "team/tools", "v3");
        toSiteA.pushImage("team/app", "latest"); // not a v* tag
        RegistryClient.Content signature = pushReferrer(toSiteA, "team/app", v1.manifest());

        JsonNode first = readJson(siteA.post("/api/admin/replication/to-distribution/run", new byte[0]));

        assertThat(first.path("copied").asInt()).isEqualTo(3);
        assertThat(first.path("failures").size()).isZero();
        assertThat(first.path("bytes").asLong()).isPositive();
        assertSameManifest(toDistribution, "site-a/team/app", "v1", v1.digest());
        assertSameManifest(toDistribution, "site-a/team/app", "v2", other.digest());
        assertSameManifest(toDistribution, "site-a/team/tools", "v3", multiArch.digest());
        assertThat(toDistribution.get("/v2/site-a/team/app/blobs/" + v1.layer().digest()).body()).isEqualTo(v1.layer().bytes());
        assertStatus(toDistribution.get("/v2/site-a/team/app/manifests/latest", "Accept", OCI_MANIFEST), 404);
        // Distribution 2.8 has no referrers API: the referrer is found by the referrers tag schema.
        assertSameManifest(toDistribution, "site-a/team/app", signature.digest(), signature.digest());
        String fallbackTag = v1.digest().replace(':', '-');
        JsonNode fallback = readJson(toDistribution.get("/v2/site-a/team/app/manifests/" + fallbackTag, "Accept", OCI_INDEX));
        assertThat(fallback.path("manifests").get(0).path("digest").asString()).isEqualTo(signature.digest());
        assertThat(fallback.path("manifests").get(0).path("artifactType").asString()).isEqualTo("application/spdx+json");

        JsonNode second = readJson(siteA.post("/api/admin/replication/to-distribution/run", new byte[0]));
        assertThat(second.path("unchanged").asInt()).isEqualTo(3);
        assertThat(second.path("copied").asInt()).isZero();
        assertThat(second.path("bytes").asLong()).isZero();

        JsonNode overview = rule("to-distribution");
        assertThat(overview.path("backlog").asInt()).isZero();
        assertThat(overview.path("activity").path("copied").asInt()).isGreaterThanOrEqualTo(3);
        assertThat(overview.path("activity").path("lastRunFinished").isNull()).isFalse();
        assertThat(overview.toString()).doesNotContain(PASSWORD);
    }

    @Test
    void aPullRuleCopiesFromDistributionIntoBerthThroughItsStorage() throws InterruptedException {
        byte[] layer = randomBytes(300_000);
        byte[] manifest = seedDistribution("partner/base", "1.0", layer);

        JsonNode report = readJson(siteA.post("/api/admin/replication/from-distribution/run", new byte[0]));

        assertThat(report.path("copied").asInt()).isEqualTo(1);
        assertSameManifest(toSiteA, "mirror/partner/base", "1.0", RegistryClient.sha256(manifest));
        assertThat(toSiteA.get("/v2/mirror/partner/base/blobs/" + RegistryClient.sha256(layer)).body()).isEqualTo(layer);
        JsonNode again = readJson(siteA.post("/api/admin/replication/from-distribution/run", new byte[0]));
        assertThat(again.path("unchanged").asInt()).isEqualTo(1);
        // Recorded as a push by the actor "replication"; the audit queue writes within a second or so.
        long deadline = System.nanoTime() + 20_000_000_000L;
        String audit = "";
        while (System.nanoTime() < deadline && !audit.contains("\"reference\":\"1.0\"")) {
            audit = readJson(siteA.get("/api/admin/audit?repository=mirror/partner/base")).toString();
            Thread.sleep(100);
        }
        assertThat(audit).contains("\"reference\":\"1.0\"").contains("\"user\":\"replication\"")
                .doesNotContain("\"user\":null");
    }

    @Test
    void anOnPushRuleCopiesAMultiArchIndexAndItsReferrerToATokenProtectedBerthWithinSeconds() throws Exception {
        RegistryClient.Content multiArch = pushIndex(toSiteA, "live/app", "2.0");
        RegistryClient.Content sbom = pushReferrer(toSiteA, "live/app", multiArch);

        String token = readJson(siteB.get("/auth/token?service=berth&scope=repository:live/app:pull",
                "Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)))).get("token").asString();
        RegistryClient atB = new RegistryClient(siteB.base().getPort()).withToken(token);
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (System.nanoTime() < deadline && (atB.get("/v2/live/app/manifests/" + sbom.digest(), "Accept", OCI_MANIFEST).statusCode() != 200
                || atB.get("/v2/live/app/manifests/2.0", "Accept", OCI_INDEX).statusCode() != 200)) {
            Thread.sleep(100);
        }
        assertSameManifest(atB, "live/app", "2.0", multiArch.digest());
        assertStatus(atB.get("/v2/live/app/manifests/" + sbom.digest(), "Accept", OCI_MANIFEST), 200);
        JsonNode referrers = readJson(atB.get("/v2/live/app/referrers/" + multiArch.digest()));
        assertThat(referrers.path("manifests").get(0).path("digest").asString()).isEqualTo(sbom.digest());

        assertStatus(toSiteA.delete("/v2/live/app/manifests/2.0"), 202);
        deadline = System.nanoTime() + 15_000_000_000L;
        while (System.nanoTime() < deadline && atB.get("/v2/live/app/manifests/2.0", "Accept", OCI_INDEX).statusCode() == 200) {
            Thread.sleep(100);
        }
        assertStatus(atB.get("/v2/live/app/manifests/2.0", "Accept", OCI_INDEX), 404);

        PrometheusScrape metrics = PrometheusScrape.parse(new String(siteA.get("/actuator/prometheus").body(), StandardCharsets.UTF_8));
        assertThat(metrics.sum("berth_replication_items_total", "rule", "to-site-b", "outcome", "copied")).isGreaterThanOrEqualTo(1);
        assertThat(metrics.has("berth_replication_backlog", "rule", "to-site-b")).isTrue();
    }

    @Test
    void aRunOfARuleThatPropagatesDeletesRemovesWhatTheSourceLostAndOnlyThat() {
        toSiteA.pushImage("sweep/app", "1");
        toSiteA.pushImage("sweep/app", "2");
        readJson(siteA.post("/api/admin/replication/sweep-to-site-b/run", new byte[0]));
        readJson(siteA.post("/api/admin/replication/keep-at-site-b/run", new byte[0]));
        RegistryClient swept = atSiteB("sweep/app");
        RegistryClient kept = atSiteB("kept/sweep/app");
        assertThat(swept.tags("sweep/app")).containsExactly("1", "2");

        assertStatus(toSiteA.delete("/v2/sweep/app/manifests/2"), 202);
        JsonNode report = readJson(siteA.post("/api/admin/replication/sweep-to-site-b/run", new byte[0]));
        readJson(siteA.post("/api/admin/replication/keep-at-site-b/run", new byte[0]));

        assertThat(report.path("failures").size()).isZero();
        assertThat(swept.tags("sweep/app")).containsExactly("1");
        // A rule without delete leaves the destination's copy of what the source lost.
        assertThat(kept.tags("kept/sweep/app")).containsExactly("1", "2");
    }

    /** A client of site B with a pull token for one repository. */
    private static RegistryClient atSiteB(String repository) {
        String token = readJson(siteB.get("/auth/token?service=berth&scope=repository:" + repository + ":pull",
                "Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)))).get("token").asString();
        return new RegistryClient(siteB.base().getPort()).withToken(token);
    }

    @Test
    void theCommandReportsAFailedCopyWithItsReasonAndAnUnknownRule() throws InterruptedException {
        toSiteA.pushImage("team/app", "for-nowhere");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ReplicationCommand command = siteA.bean(ReplicationCommand.class);

        int status = command.run(List.of("replicate", "to-nowhere"), new PrintStream(out, true, StandardCharsets.UTF_8));

        assertThat(status).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("failed: team/app:").contains("unreachable");
        assertThat(rule("to-nowhere").path("backlog").asInt()).isPositive();
        assertThat(rule("to-nowhere").path("activity").path("recentFailures").get(0).path("reason").asString())
                .contains("unreachable");
        assertThat(command.run(List.of("replicate", "nope"), new PrintStream(new ByteArrayOutputStream()))).isEqualTo(2);

        // A tag that left the source before its copy is reported once and dropped, not retried forever.
        siteA.bean(Replication.class).queueOnPush(new ManifestChanged(
                RepositoryName.of("live/gone"), Reference.parse("9.9"), null, false));
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (System.nanoTime() < deadline && !rule("to-site-b").path("activity").path("recentFailures").toString()
                .contains("live/gone:9.9")) {
            Thread.sleep(100);
        }
        assertThat(rule("to-site-b").path("backlog").asInt()).isZero();
        assertThat(rule("to-site-b").path("activity").path("recentFailures").toString())
                .contains("live/gone:9.9", "is not at the source");
        assertStatus(siteA.post("/api/admin/replication/nope/run", new byte[0]), 404);
    }

    @Test
    void theJarCommandRunsARuleOnceAndExitsWithOneOnAnyFailure() throws Exception {
        byte[] manifest = seedDistribution("outside/cmd", "2.0", randomBytes(1000));
        List<String> pull = new ArrayList<>(List.of("replicate", "by-command"));
        pull.addAll(siteAStore.arguments(
                "--registry.replication.rules[0].name=by-command",
                "--registry.replication.rules[0].direction=pull",
                "--registry.replication.rules[0].remote=" + distribution.base(),
                "--registry.replication.rules[0].repositories[0]=outside/cmd"));

        BerthProcess.Result copied = BerthProcess.run(folder, pull.toArray(String[]::new));

        assertThat(copied.exitCode()).as(copied.output()).isZero();
        assertThat(copied.output()).contains("rule by-command: 1 queued, 1 copied");
        assertSameManifest(toSiteA, "outside/cmd", "2.0", RegistryClient.sha256(manifest));

        List<String> failing = new ArrayList<>(List.of("replicate", "nowhere"));
        failing.addAll(siteAStore.arguments(
                "--registry.replication.rules[0].name=nowhere",
                "--registry.replication.rules[0].direction=pull",
                "--registry.replication.rules[0].remote=http://127.0.0.1:9",
                "--registry.replication.rules[0].repositories[0]=outside/cmd"));
        BerthProcess.Result failed = BerthProcess.run(folder, failing.toArray(String[]::new));
        assertThat(failed.exitCode()).as(failed.output()).isEqualTo(1);
        assertThat(failed.output()).contains("listing the source failed", "connection refused");
    }

    /**
     * An image of one layer and a config pushed into Distribution, returned as its manifest's bytes.
     * Distribution takes no monolithic POST upload, which the test client uses: seeded with replication's own client.
     */
    private static byte[] seedDistribution(String repository, String tag, byte[] layer) {
        RemoteRegistry seed = new RemoteRegistry("seed", distribution.base(), null, null, Duration.ofSeconds(30));
        byte[] config = json(Map.of("architecture", "amd64", "os", "linux"));
        for (byte[] blob : List.of(layer, config)) {
            seed.pushBlob(repository, Digest.parse(RegistryClient.sha256(blob)), blob.length, () -> new ByteArrayInputStream(blob));
        }
        byte[] manifest = imageManifest(OCI_MANIFEST, new RegistryClient.Content(OCI_CONFIG, RegistryClient.sha256(config), config),
                new RegistryClient.Content(RegistryClient.OCI_LAYER, RegistryClient.sha256(layer), layer));
        seed.putManifest(repository, tag, OCI_MANIFEST, manifest);
        return manifest;
    }

    private static JsonNode rule(String name) {
        for (JsonNode rule : readJson(siteA.get("/api/admin/replication")).path("rules")) {
            if (rule.path("name").asString().equals(name)) {
                return rule;
            }
        }
        throw new AssertionError("no rule " + name);
    }

    static void assertSameManifest(RegistryClient client, String repository, String tag, String digest) {
        HttpResponse<byte[]> response = client.get("/v2/" + repository + "/manifests/" + tag, "Accept",
                OCI_INDEX + ", " + OCI_MANIFEST);
        assertStatus(response, 200);
        assertThat(response.headers().firstValue("Docker-Content-Digest")).as(repository + ":" + tag).contains(digest);
    }

    /** Two images pushed by digest and an index of them tagged {@code tag}, as docker pushes a multi-arch image. */
    static RegistryClient.Content pushIndex(RegistryClient client, String repository, String tag) {
        RegistryClient.Image amd64 = client.pushImage(repository, "amd64-" + tag);
        RegistryClient.Image arm64 = client.pushImage(repository, "arm64-" + tag);
        assertStatus(client.delete("/v2/" + repository + "/manifests/amd64-" + tag), 202);
        assertStatus(client.delete("/v2/" + repository + "/manifests/arm64-" + tag), 202);
        return client.pushManifest(repository, tag, OCI_INDEX, index(OCI_INDEX, amd64.manifest(), arm64.manifest()));
    }

    /** An SBOM attached to {@code subject} (an OCI artifact manifest with {@code subject}), pushed by digest. */
    static RegistryClient.Content pushReferrer(RegistryClient client, String repository, RegistryClient.Content subject) {
        RegistryClient.Content empty = client.pushBlob(repository, OCI_EMPTY, "{}".getBytes(StandardCharsets.UTF_8));
        RegistryClient.Content sbom = client.pushBlob(repository, "application/spdx+json",
                "{\"spdxVersion\":\"SPDX-2.3\"}".getBytes(StandardCharsets.UTF_8));
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("schemaVersion", 2);
        manifest.put("mediaType", OCI_MANIFEST);
        manifest.put("artifactType", "application/spdx+json");
        manifest.put("config", empty.descriptor());
        manifest.put("layers", List.of(sbom.descriptor()));
        manifest.put("subject", subject.descriptor());
        byte[] bytes = json(manifest);
        return client.pushManifest(repository, RegistryClient.sha256(bytes), OCI_MANIFEST, bytes);
    }
}
