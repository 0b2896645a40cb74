package dev.berth.registry.mirror;

import static dev.berth.registry.api.RegistryClient.OCI_CONFIG;
import static dev.berth.registry.api.RegistryClient.OCI_INDEX;
import static dev.berth.registry.api.RegistryClient.OCI_MANIFEST;
import static dev.berth.registry.api.RegistryClient.assertOciError;
import static dev.berth.registry.api.RegistryClient.assertStatus;
import static dev.berth.registry.api.RegistryClient.imageManifest;
import static dev.berth.registry.api.RegistryClient.json;
import static dev.berth.registry.api.RegistryClient.randomBytes;
import static dev.berth.registry.api.RegistryClient.readJson;
import static dev.berth.registry.api.RegistryClient.strings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.registry.api.RegistryClient;
import dev.berth.registry.testsupport.Closing;
import dev.berth.registry.testsupport.RegistryInstance;
import dev.berth.registry.testsupport.RunsOnEveryStore;
import dev.berth.registry.testsupport.TestStorage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * The pull-through cache over real HTTP: the upstreams are other Berth instances started here (one
 * open, one in token mode), some behind {@link UpstreamProxy} to count what reaches them or to
 * produce outages and lies; the mirror runs on the store this run selects.
 */
@RunsOnEveryStore
class PullThroughCacheTest {
    private static final String MIRROR_USER = "mirror";
    private static final String MIRROR_PASSWORD = "mirror-Pa55-word";

    private static TestStorage upstreamStore;
    private static TestStorage tokenUpstreamStore;
    private static TestStorage mirrorStore;
    private static RegistryInstance upstream;
    private static RegistryInstance tokenUpstream;
    private static RegistryInstance mirror;
    private static UpstreamProxy proxy;
    private static UpstreamProxy flaky;
    private static UpstreamProxy liar;
    private static RegistryClient toUpstream;

    @BeforeAll
    static void start() {
        upstreamStore = TestStorage.filesystem();
        upstream = RegistryInstance.start(upstreamStore);
        toUpstream = new RegistryClient(upstream.base().getPort());
        tokenUpstreamStore = TestStorage.filesystem();
        tokenUpstream = RegistryInstance.start(tokenUpstreamStore, "--registry.auth.mode=token",
                "--registry.auth.users[0].name=" + MIRROR_USER,
                "--registry.auth.users[0].password=" + new BCryptPasswordEncoder(5).encode(MIRROR_PASSWORD));
        proxy = new UpstreamProxy(upstream.base());
        flaky = new UpstreamProxy(upstream.base());
        liar = new UpstreamProxy(upstream.base());
        mirrorStore = TestStorage.create();
        mirror = RegistryInstance.start(mirrorStore,
                "--registry.gc.grace-period=0s",
                "--registry.proxy.upstreams[0].prefix=up",
                "--registry.proxy.upstreams[0].url=" + proxy.url(),
                "--registry.proxy.upstreams[0].hosts[0]=upstream.example",
                "--registry.proxy.upstreams[0].tag-ttl=3s",
                "--registry.proxy.upstreams[1].prefix=flaky",
                "--registry.proxy.upstreams[1].url=" + flaky.url(),
                "--registry.proxy.upstreams[1].tag-ttl=1s",
                "--registry.proxy.upstreams[1].timeout=1s",
                "--registry.proxy.upstreams[2].prefix=lie",
                "--registry.proxy.upstreams[2].url=" + liar.url(),
                "--registry.proxy.upstreams[3].prefix=old",
                "--registry.proxy.upstreams[3].url=" + upstream.base(),
                "--registry.proxy.upstreams[3].expire-after=1s",
                "--registry.proxy.upstreams[4].prefix=secure",
                "--registry.proxy.upstreams[4].url=" + tokenUpstream.base(),
                "--registry.proxy.upstreams[4].username=" + MIRROR_USER,
                "--registry.proxy.upstreams[4].password=" + MIRROR_PASSWORD,
                "--registry.proxy.upstreams[5].prefix=anon",
                "--registry.proxy.upstreams[5].url=" + tokenUpstream.base());
    }

    @AfterAll
    static void stop() {
        Closing.quietly(mirror, upstream, tokenUpstream, proxy, flaky, liar, mirrorStore, upstreamStore, tokenUpstreamStore);
    }

    @Test
    void pullByTagFetchesFromTheUpstreamOnceAndThenServesTheCache() {
        RegistryClient.Image image = toUpstream.pushImage("team/app", "1");

        HttpResponse<byte[]> manifest = mirror.get("/v2/up/team/app/manifests/1", "Accept", OCI_MANIFEST);
        assertStatus(manifest, 200);
        assertThat(manifest.body()).isEqualTo(image.manifest().bytes());
        assertThat(manifest.headers().firstValue("Docker-Content-Digest")).contains(image.digest());
        assertThat(manifest.headers().firstValue("Warning")).isEmpty();
        assertThat(blob("up/team/app", image.layer().digest())).isEqualTo(image.layer().bytes());
        assertThat(blob("up/team/app", image.config().digest())).isEqualTo(image.config().bytes());
        assertThat(mirrorStore.isFile(blobPath(image.layer().digest()))).isTrue();

        assertThat(blob("up/team/app", image.layer().digest())).isEqualTo(image.layer().bytes());
        assertStatus(mirror.get("/v2/up/team/app/manifests/" + image.digest(), "Accept", OCI_MANIFEST), 200);
        assertThat(proxy.count("GET", "/v2/team/app/blobs/" + image.layer().digest())).isEqualTo(1);
        assertThat(proxy.count("GET", "/v2/team/app/manifests/1")).isEqualTo(1);
        assertThat(proxy.count("GET", "/v2/team/app/manifests/" + image.digest())).isZero();

        assertThat(strings(readJson(mirror.get("/v2/up/team/app/tags/list")).get("tags"))).containsExactly("1");
        assertThat(strings(readJson(mirror.get("/v2/_catalog")).get("repositories"))).contains("up/team/app");
    }

    @Test
    void aReadByANameNoTagCanHaveFindsNothingAndAsksNoUpstream() {
        assertOciError(mirror.get("/v2/up/team/app/manifests/.INVALID_MANIFEST_NAME", "Accept", OCI_MANIFEST),
                404, "MANIFEST_UNKNOWN");
        assertThat(proxy.count("GET", "/v2/team/app/manifests/.INVALID_MANIFEST_NAME")).isZero();
    }

    @Test
    void anIndexIsCachedAloneAndItsChildManifestsWhenTheyArePulled() {
        RegistryClient.Image amd64 = toUpstream.pushImage("team/multi", "amd64");
        RegistryClient.Image arm64 = toUpstream.pushImage("team/multi", "arm64");
        RegistryClient.Content index = toUpstream.pushManifest("team/multi", "1", OCI_INDEX,
                RegistryClient.index(OCI_INDEX, amd64.manifest(), arm64.manifest()));

        HttpResponse<byte[]> fetched = mirror.get("/v2/up/team/multi/manifests/1", "Accept", OCI_INDEX);
        assertStatus(fetched, 200);
        assertThat(fetched.body()).isEqualTo(index.bytes());
        assertThat(revisionStored("up/team/multi", amd64.digest())).isFalse();

        HttpResponse<byte[]> child = mirror.get("/v2/up/team/multi/manifests/" + amd64.digest(), "Accept", OCI_MANIFEST);
        assertStatus(child, 200);
        assertThat(child.body()).isEqualTo(amd64.manifest().bytes());
        assertThat(revisionStored("up/team/multi", amd64.digest())).isTrue();
        assertThat(revisionStored("up/team/multi", arm64.digest())).as("never pulled").isFalse();
        assertThat(blob("up/team/multi", amd64.layer().digest())).isEqualTo(amd64.layer().bytes());
        assertStatus(mirror.get("/v2/up/team/multi/manifests/" + amd64.digest(), "Accept", OCI_MANIFEST), 200);
        assertThat(proxy.count("GET", "/v2/team/multi/manifests/" + amd64.digest())).isEqualTo(1);
    }

    @Test
    void containerdNsRequestIsServedFromTheUpstreamOfThatHostIntoThePrefixCache() {
        RegistryClient.Image image = toUpstream.pushImage("team/ns", "1");

        HttpResponse<byte[]> manifest = mirror.get("/v2/team/ns/manifests/1?ns=upstream.example", "Accept", OCI_MANIFEST);
        assertStatus(manifest, 200);
        assertThat(manifest.headers().firstValue("Docker-Content-Digest")).contains(image.digest());
        HttpResponse<byte[]> layer = mirror.get("/v2/team/ns/blobs/" + image.layer().digest() + "?ns=upstream.example");
        assertStatus(layer, 200);
        assertThat(layer.body()).isEqualTo(image.layer().bytes());

        assertStatus(mirror.get("/v2/up/team/ns/manifests/1", "Accept", OCI_MANIFEST), 200);
        assertThat(proxy.count("GET", "/v2/team/ns/manifests/1")).isEqualTo(1);
        // Without ns (or with a host no upstream answers for) the name is this registry's own.
        assertOciError(mirror.get("/v2/team/ns/manifests/1", "Accept", OCI_MANIFEST), 404, "MANIFEST_UNKNOWN");
        assertOciError(mirror.get("/v2/team/ns/manifests/1?ns=elsewhere.example", "Accept", OCI_MANIFEST), 404,
                "MANIFEST_UNKNOWN");
    }

    @Test
    void pushesAndDeletesUnderAMirroredPrefixAreRefused() {
        toUpstream.pushImage("team/readonly", "1");
        assertStatus(mirror.get("/v2/up/team/readonly/manifests/1", "Accept", OCI_MANIFEST), 200);

        assertOciError(mirror.post("/v2/up/team/readonly/blobs/uploads/", new byte[0]), 405, "UNSUPPORTED");
        assertOciError(mirror.put("/v2/up/team/readonly/manifests/2", json(Map.of("schemaVersion", 2)),
                "Content-Type", OCI_MANIFEST), 405, "UNSUPPORTED");
        assertOciError(mirror.delete("/v2/up/team/readonly/manifests/1"), 405, "UNSUPPORTED");
        assertOciError(mirror.post("/v2/team/readonly/blobs/uploads/?ns=upstream.example", new byte[0]), 405,
                "UNSUPPORTED");
        assertStatus(mirror.get("/v2/up/team/readonly/manifests/1", "Accept", OCI_MANIFEST), 200);
        // Outside the prefixes the registry is an ordinary one.
        assertStatus(mirror.post("/v2/team/readonly/blobs/uploads/", new byte[0]), 202);
    }

    @Test
    void aTagIsServedFromTheCacheWithinItsTtlAndRecheckedAfter() throws InterruptedException {
        RegistryClient.Image first = toUpstream.pushImage("team/moving", "1");
        assertThat(digestOf(mirror.get("/v2/up/team/moving/manifests/1", "Accept", OCI_MANIFEST))).isEqualTo(first.digest());
        long cachedAt = System.nanoTime();

        RegistryClient.Image second = toUpstream.pushImage("team/moving", "1");
        assertThat(digestOf(mirror.get("/v2/up/team/moving/manifests/1", "Accept", OCI_MANIFEST)))
                .as("within the 3 s tag-ttl").isEqualTo(first.digest());
        assertThat(proxy.count("HEAD", "/v2/team/moving/manifests/1")).isZero();

        Thread.sleep(Math.max(0, 3_300 - (System.nanoTime() - cachedAt) / 1_000_000));
        assertThat(digestOf(mirror.get("/v2/up/team/moving/manifests/1", "Accept", OCI_MANIFEST)))
                .as("after the ttl").isEqualTo(second.digest());
        assertThat(proxy.count("HEAD", "/v2/team/moving/manifests/1")).isEqualTo(1);
        assertThat(blob("up/team/moving", second.layer().digest())).isEqualTo(second.layer().bytes());
    }

    @Test
    void whenTheUpstreamFailsCachedTagsAreServedWithWarningsAndMissingContentIsAnError() throws InterruptedException {
        RegistryClient.Image cached = toUpstream.pushImage("team/outage", "1");
        assertStatus(mirror.get("/v2/flaky/team/outage/manifests/1", "Accept", OCI_MANIFEST), 200);
        assertThat(blob("flaky/team/outage", cached.layer().digest())).isEqualTo(cached.layer().bytes());
        toUpstream.pushImage("team/outage", "2");
        Thread.sleep(1_100); // past the 1 s tag-ttl

        try {
            flaky.answerAllWith(503);
            HttpResponse<byte[]> stale = mirror.get("/v2/flaky/team/outage/manifests/1", "Accept", OCI_MANIFEST);
            assertStatus(stale, 200);
            assertThat(stale.body()).isEqualTo(cached.manifest().bytes());
            assertThat(stale.headers().allValues("Warning"))
                    .containsExactly("110 - \"Response is Stale\"", "111 - \"Revalidation Failed\"");
            assertThat(blob("flaky/team/outage", cached.layer().digest())).isEqualTo(cached.layer().bytes());
            // A 4xx, so that docker shows the message (it shows only the status of a 5xx).
            HttpResponse<byte[]> miss = mirror.get("/v2/flaky/team/outage/manifests/2", "Accept", OCI_MANIFEST);
            assertOciError(miss, 429, "TOOMANYREQUESTS");
            assertThat(new String(miss.body(), java.nio.charset.StandardCharsets.UTF_8))
                    .contains("not in this registry's cache").contains("try again later");
            assertThat(miss.headers().firstValue("Retry-After")).isPresent();

            flaky.answerAllWith(429);
            assertThat(mirror.get("/v2/flaky/team/outage/manifests/1", "Accept", OCI_MANIFEST).headers()
                    .allValues("Warning")).hasSize(2);
            assertOciError(mirror.get("/v2/flaky/team/outage/manifests/2", "Accept", OCI_MANIFEST), 429, "TOOMANYREQUESTS");
        } finally {
            flaky.answerAllWith(0);
        }
        HttpResponse<byte[]> fresh = mirror.get("/v2/flaky/team/outage/manifests/1", "Accept", OCI_MANIFEST);
        assertStatus(fresh, 200);
        assertThat(fresh.headers().allValues("Warning")).isEmpty();
        assertStatus(mirror.get("/v2/flaky/team/outage/manifests/2", "Accept", OCI_MANIFEST), 200);
    }

    @Test
    void contentThatDoesNotMatchItsDigestIsRefusedAndNothingIsStored() {
        RegistryClient.Content config = toUpstream.pushBlob("team/liar", OCI_CONFIG, json(Map.of("os", "linux")));
        RegistryClient.Content layer = toUpstream.pushBlob("team/liar", randomBytes(300_000));
        toUpstream.pushManifest("team/liar", "1", OCI_MANIFEST,
                imageManifest(OCI_MANIFEST, config, layer));
        assertStatus(mirror.get("/v2/lie/team/liar/manifests/1", "Accept", OCI_MANIFEST), 200);

        liar.lieAbout(layer.digest());
        for (int attempt = 0; attempt < 2; attempt++) {
            // Streamed but for the last piece, then the connection closes short of Content-Length.
            assertThatThrownBy(() -> mirror.get("/v2/lie/team/liar/blobs/" + layer.digest()))
                    .as("the client must see a broken download, not a complete wrong blob")
                    .isInstanceOf(UncheckedIOException.class);
        }
        assertThat(mirrorStore.isFile(blobPath(layer.digest()))).isFalse();
        assertThat(mirrorStore.filesUnder("blobs")).noneSatisfy((path, size) ->
                assertThat(path).contains(layer.digest().substring("sha256:".length())));
        assertThat(mirrorStore.filesUnder("repositories/lie/team/liar/_uploads")).isEmpty();
        assertThat(mirrorStore.isFile("repositories/lie/team/liar/_layers/sha256/"
                + layer.digest().substring("sha256:".length()) + "/link")).isFalse();

        RegistryClient.Image other = toUpstream.pushImage("team/liar2", "1");
        liar.lieAbout(other.digest());
        assertOciError(mirror.get("/v2/lie/team/liar2/manifests/" + other.digest(), "Accept", OCI_MANIFEST), 429,
                "TOOMANYREQUESTS");
        assertThat(mirrorStore.filesUnder("repositories/lie/team/liar2/_manifests")).isEmpty();
        liar.lieAbout(null);
        assertThat(blob("lie/team/liar", layer.digest())).isEqualTo(layer.bytes());
    }

    @Test
    void aDownloadTheUpstreamStallsIsBrokenOffAfterTheTimeoutAndNothingIsStored() {
        RegistryClient.Content config = toUpstream.pushBlob("team/stalled", OCI_CONFIG, json(Map.of("os", "linux")));
        RegistryClient.Content layer = toUpstream.pushBlob("team/stalled", randomBytes(300_000));
        toUpstream.pushManifest("team/stalled", "1", OCI_MANIFEST, imageManifest(OCI_MANIFEST, config, layer));
        assertStatus(mirror.get("/v2/flaky/team/stalled/manifests/1", "Accept", OCI_MANIFEST), 200);

        try {
            flaky.stallBodies(true);
            long started = System.nanoTime();
            assertThatThrownBy(() -> mirror.get("/v2/flaky/team/stalled/blobs/" + layer.digest()))
                    .isInstanceOf(UncheckedIOException.class);
            assertThat((System.nanoTime() - started) / 1_000_000).as("ms, with a 1 s timeout").isLessThan(5_000);
        } finally {
            flaky.stallBodies(false);
        }
        assertThat(mirrorStore.isFile(blobPath(layer.digest()))).isFalse();
        assertThat(blob("flaky/team/stalled", layer.digest())).isEqualTo(layer.bytes());
    }

    @Test
    void concurrentFirstPullsOfABlobFetchItFromTheUpstreamOnce() throws Exception {
        RegistryClient.Content config = toUpstream.pushBlob("team/big", OCI_CONFIG, json(Map.of("os", "linux")));
        RegistryClient.Content layer = toUpstream.pushBlob("team/big", randomBytes(2 * 1024 * 1024));
        toUpstream.pushManifest("team/big", "1", OCI_MANIFEST, imageManifest(OCI_MANIFEST, config, layer));
        assertStatus(mirror.get("/v2/up/team/big/manifests/1", "Accept", OCI_MANIFEST), 200);

        proxy.slowBodies(40); // 32 pieces of 64 KiB: about 1.3 s, so the pulls overlap
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<byte[]>> pulls = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                pulls.add(pool.submit(() -> blob("up/team/big", layer.digest())));
            }
            for (Future<byte[]> pull : pulls) {
                assertThat(pull.get()).isEqualTo(layer.bytes());
            }
        } finally {
            proxy.slowBodies(0);
            pool.shutdownNow();
        }
        assertThat(proxy.count("GET", "/v2/team/big/blobs/" + layer.digest())).isEqualTo(1);
    }

    @Test
    void concurrentFirstPullsOfATagAskTheUpstreamOnce() throws Exception {
        RegistryClient.Image image = toUpstream.pushImage("team/burst", "1");

        proxy.delayRequests(500); // each upstream request takes half a second, so the pulls overlap
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<HttpResponse<byte[]>>> pulls = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                pulls.add(pool.submit(() -> mirror.get("/v2/up/team/burst/manifests/1", "Accept", OCI_MANIFEST)));
            }
            for (Future<HttpResponse<byte[]>> pull : pulls) {
                HttpResponse<byte[]> manifest = pull.get();
                assertStatus(manifest, 200);
                assertThat(manifest.body()).isEqualTo(image.manifest().bytes());
            }
        } finally {
            proxy.delayRequests(0);
            pool.shutdownNow();
        }
        assertThat(proxy.count("GET", "/v2/team/burst/manifests/1")).isEqualTo(1);
    }

    @Test
    void theIntegrityCheckDoesNotReportLayersNobodyPulledYet() {
        toUpstream.pushImage("team/lazy", "1");
        assertStatus(mirror.get("/v2/up/team/lazy/manifests/1", "Accept", OCI_MANIFEST), 200);

        HttpResponse<byte[]> check = mirror.post("/api/admin/check", new byte[0]);

        assertStatus(check, 200);
        assertThat(strings(readJson(check).get("problems"))).noneMatch(problem -> problem.contains("up/team/lazy"));
    }

    @Test
    void aClientThatStopsReadingHoldsUpNeitherTheFetchNorOtherPulls() throws Exception {
        byte[] bytes = randomBytes(48 * 1024 * 1024);
        RegistryClient.Content layer = toUpstream.pushBlob("team/huge", bytes);

        try (Socket stalled = new Socket(InetAddress.getLoopbackAddress(), mirror.base().getPort())) {
            stalled.setReceiveBufferSize(64 * 1024);
            stalled.getOutputStream().write(("GET /v2/up/team/huge/blobs/" + layer.digest()
                    + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            InputStream download = stalled.getInputStream();
            assertThat(responseHead(download)).startsWith("HTTP/1.1 200");
            byte[] first = download.readNBytes(64 * 1024); // then it stops reading for a while

            long started = System.nanoTime();
            HttpResponse<byte[]> other = mirror.get("/v2/up/team/huge/blobs/" + layer.digest());
            assertStatus(other, 200);
            assertThat(RegistryClient.sha256(other.body())).isEqualTo(layer.digest());
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("the second pull waited for the stalled one")
                    .isLessThan(Duration.ofSeconds(15));

            byte[] rest = download.readNBytes(bytes.length - first.length);
            ByteArrayOutputStream whole = new ByteArrayOutputStream(bytes.length);
            whole.write(first);
            whole.write(rest);
            assertThat(RegistryClient.sha256(whole.toByteArray())).as("what the stalled client got once it read on")
                    .isEqualTo(layer.digest());
        }
        assertThat(proxy.count("GET", "/v2/team/huge/blobs/" + layer.digest())).isEqualTo(1);
    }

    /** Reads an HTTP/1.1 response's status line and headers. */
    private static String responseHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int next = in.read();
            if (next < 0) {
                throw new IOException("connection closed in the response head: " + head);
            }
            head.append((char) next);
        }
        return head.toString();
    }

    @Test
    void aTokenAuthUpstreamIsPulledWithTheConfiguredCredentials() {
        String token = readJson(tokenUpstream.get("/auth/token?service=berth&scope=repository:team/secret:pull,push",
                "Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (MIRROR_USER + ":" + MIRROR_PASSWORD).getBytes(StandardCharsets.UTF_8)))).get("token").asString();
        RegistryClient.Image image = new RegistryClient(tokenUpstream.base().getPort()).withToken(token)
                .pushImage("team/secret", "1");

        HttpResponse<byte[]> manifest = mirror.get("/v2/secure/team/secret/manifests/1", "Accept", OCI_MANIFEST);
        assertStatus(manifest, 200);
        assertThat(manifest.headers().firstValue("Docker-Content-Digest")).contains(image.digest());
        assertThat(blob("secure/team/secret", image.layer().digest())).isEqualTo(image.layer().bytes());
        // The same upstream without credentials refuses, and the mirror says it has no such manifest.
        assertOciError(mirror.get("/v2/anon/team/secret/manifests/1", "Accept", OCI_MANIFEST), 404, "MANIFEST_UNKNOWN");
    }

    @Test
    void cachedContentNotPulledForItsExpiryAgeIsRemovedByGarbageCollection() throws InterruptedException {
        RegistryClient.Image expiring = toUpstream.pushImage("team/old", "1");
        RegistryClient.Image kept = toUpstream.pushImage("team/kept", "1");
        assertStatus(mirror.get("/v2/old/team/old/manifests/1", "Accept", OCI_MANIFEST), 200);
        assertThat(blob("old/team/old", expiring.layer().digest())).isEqualTo(expiring.layer().bytes());
        assertStatus(mirror.get("/v2/up/team/kept/manifests/1", "Accept", OCI_MANIFEST), 200);
        assertThat(blob("up/team/kept", kept.layer().digest())).isEqualTo(kept.layer().bytes());
        Thread.sleep(1_200); // past the 1 s expire-after of "old"; "up" has none

        assertStatus(mirror.post("/api/admin/gc", new byte[0]), 200);

        assertThat(readJson(mirror.get("/v2/old/team/old/tags/list")).path("tags").isEmpty()).isTrue();
        assertThat(mirrorStore.isFile(blobPath(expiring.layer().digest()))).isFalse();
        assertThat(mirrorStore.isFile(blobPath(kept.layer().digest()))).isTrue();
        assertThat(strings(readJson(mirror.get("/v2/up/team/kept/tags/list")).get("tags"))).containsExactly("1");
        // The next pull fetches it again.
        assertStatus(mirror.get("/v2/old/team/old/manifests/1", "Accept", OCI_MANIFEST), 200);
        assertThat(blob("old/team/old", expiring.layer().digest())).isEqualTo(expiring.layer().bytes());
    }

    private static byte[] blob(String repository, String digest) {
        HttpResponse<byte[]> response = mirror.get("/v2/" + repository + "/blobs/" + digest);
        assertStatus(response, 200);
        return response.body();
    }

    private static String digestOf(HttpResponse<byte[]> response) {
        assertStatus(response, 200);
        return response.headers().firstValue("Docker-Content-Digest").orElseThrow();
    }

    private static boolean revisionStored(String repository, String digest) {
        return mirrorStore.isFile("repositories/" + repository + "/_manifests/revisions/sha256/"
                + digest.substring("sha256:".length()) + "/link");
    }

    private static String blobPath(String digest) {
        String hex = digest.substring("sha256:".length());
        return "blobs/sha256/" + hex.substring(0, 2) + "/" + hex + "/data";
    }
}
