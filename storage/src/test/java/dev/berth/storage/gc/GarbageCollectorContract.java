package dev.berth.storage.gc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.Digest;
import dev.berth.oci.DigestAlgorithm;
import dev.berth.oci.ErrorCode;
import dev.berth.oci.OciException;
import dev.berth.oci.Reference;
import dev.berth.oci.RepositoryName;
import dev.berth.oci.Tag;
import dev.berth.storage.RegistryStorage;
import dev.berth.storage.StorageLayout;
import dev.berth.storage.driver.StorageDriver;
import dev.berth.storage.integrity.IntegrityCheck;
import dev.berth.storage.integrity.IntegrityReport;
import dev.berth.storage.upload.AbandonedUploads;
import dev.berth.storage.upload.UploadStatus;
import java.io.ByteArrayInputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Garbage collection, upload clean-up and the integrity check, run against every driver. */
public abstract class GarbageCollectorContract {
    static final RepositoryName APP = RepositoryName.of("team/app");
    static final RepositoryName OTHER = RepositoryName.of("team/other");

    protected StorageDriver driver;

    protected abstract StorageDriver createDriver();

    @BeforeEach
    void createStore() {
        driver = createDriver();
    }

    @Test
    void collectionRemovesExactlyTheBlobsNoManifestReferences() {
        RegistryStorage storage = storage(Duration.ZERO);
        TestImages images = new TestImages(storage);
        TestImages.Image kept = images.push(APP, "v1", "base", "app v1");
        TestImages.Image deleted = images.push(APP, "v2", "base", "app v2");
        storage.manifests().delete(APP, new Reference.ByDigest(deleted.manifest()));
        Digest orphan = images.orphan(OTHER, "never referenced");

        GcReport report = collect(storage, false, false);

        assertThat(report.manifests()).isEmpty();
        assertThat(report.blobs()).containsExactlyInAnyOrder(
                deleted.manifest().toString(), deleted.config().toString(), deleted.layers().get(1).toString(),
                orphan.toString());
        assertThat(report.bytesFreed()).isPositive();
        assertThat(images.pullable(APP, kept)).isTrue();
        assertThat(storage.blobs().size(deleted.layers().get(1))).isEmpty();
        assertThat(storage.blobs().size(kept.layers().get(0))).as("shared base layer").isPresent();
        assertThat(storage.blobs().isLinked(OTHER, orphan)).as("the link stays; the blob is unknown").isTrue();
        assertThat(new TestImages(storage).pullable(OTHER, new TestImages.Image(orphan, orphan, List.of()))).isFalse();
    }

    @Test
    void untaggedManifestsGoOnlyWhenAskedAndTaggedOnesStay() {
        RegistryStorage storage = storage(Duration.ZERO);
        TestImages images = new TestImages(storage);
        TestImages.Image tagged = images.push(APP, "v1", "base", "one");
        TestImages.Image untagged = images.push(APP, "v2", "base", "two");
        storage.manifests().delete(APP, Reference.parse("v2"));

        assertThat(collect(storage, false, false).manifests()).isEmpty();
        GcReport report = collect(storage, true, true);

        assertThat(report.manifests()).containsExactly(APP + "@" + untagged.manifest());
        assertThat(report.blobs()).containsExactlyInAnyOrder(
                untagged.manifest().toString(), untagged.config().toString(), untagged.layers().get(1).toString());
        assertThat(images.pullable(APP, tagged)).isTrue();
        assertThat(images.pullable(APP, untagged)).isFalse();
    }

    @Test
    void dryRunReportsWhatWouldGoAndRemovesNothing() {
        RegistryStorage storage = storage(Duration.ZERO);
        TestImages images = new TestImages(storage);
        TestImages.Image image = images.push(APP, "v1", "layer");
        storage.manifests().delete(APP, Reference.parse("v1"));

        GcReport dry = new GarbageCollector(storage, line -> { })
                .collect(new GcOptions(Duration.ZERO, true, true, true));

        assertThat(dry.dryRun()).isTrue();
        assertThat(dry.blobs()).hasSize(3);
        assertThat(images.pullable(APP, image)).isTrue();
        assertThat(collect(storage, true, true).blobs()).isEqualTo(dry.blobs());
    }

    @Test
    void anythingUsedWithinTheGracePeriodIsKept() {
        RegistryStorage storage = storage(Duration.ofHours(1));
        TestImages images = new TestImages(storage);
        TestImages.Image image = images.push(APP, "v1", "layer");
        storage.manifests().delete(APP, Reference.parse("v1"));
        images.orphan(APP, "just uploaded, manifest not pushed yet");

        GcReport report = new GarbageCollector(storage, line -> { })
                .collect(new GcOptions(Duration.ofHours(1), true, true, false));

        assertThat(report.blobs()).isEmpty();
        assertThat(report.manifests()).isEmpty();
        assertThat(images.pullable(APP, image)).isTrue();
    }

    @Test
    void pushesReusingUnreferencedLayersSurviveConcurrentSweeps() throws Exception {
        Duration grace = Duration.ofMillis(1500);
        RegistryStorage storage = storage(grace);
        TestImages images = new TestImages(storage);
        images.push(APP, "old", "shared base", "shared middle");
        storage.manifests().delete(APP, Reference.parse("old"));
        Thread.sleep(grace.toMillis() + 500); // the old layers are now unreferenced and past the grace period

        AtomicBoolean pushing = new AtomicBoolean(true);
        java.util.concurrent.atomic.AtomicInteger refusals = new java.util.concurrent.atomic.AtomicInteger();
        List<TestImages.Image> pushed = Collections.synchronizedList(new ArrayList<>());
        ExecutorService threads = Executors.newFixedThreadPool(2);
        Future<Integer> sweeps = threads.submit(() -> {
            int runs = 0;
            while (pushing.get()) {
                new GarbageCollector(storage, line -> { }).collect(new GcOptions(grace, true, true, false));
                runs++;
            }
            return runs;
        });
        Future<?> pushes = threads.submit(() -> {
            long until = System.nanoTime() + Duration.ofSeconds(4).toNanos();
            for (int i = 0; System.nanoTime() < until; i++) {
                try {
                    pushed.add(images.push(APP, "new-" + i, "shared base", "shared middle", "fresh " + i));
                } catch (OciException refused) {
                    // A sweep won a race measured in milliseconds: the push is refused cleanly, nothing
                    // half-stored, and pushing again (as a client does) uploads what went missing.
                    assertThat(refused.code()).isEqualTo(ErrorCode.MANIFEST_BLOB_UNKNOWN);
                    refusals.incrementAndGet();
                    pushed.add(images.push(APP, "new-" + i, "shared base", "shared middle", "fresh " + i));
                }
            }
            pushing.set(false);
            return null;
        });
        pushes.get();
        int runs = sweeps.get();
        threads.shutdown();

        assertThat(runs).as("sweeps that ran during the pushes").isPositive();
        assertThat(pushed).isNotEmpty();
        assertThat(refusals.get()).as("pushes refused and pushed again, of %d", pushed.size())
                .isLessThanOrEqualTo(Math.max(1, pushed.size() / 10));
        for (TestImages.Image image : pushed) {
            assertThat(images.pullable(APP, image)).as("image %s", image.manifest()).isTrue();
        }
        // and once everything has aged, a sweep still keeps every tagged image
        Thread.sleep(grace.toMillis() + 200);
        new GarbageCollector(storage, line -> { }).collect(new GcOptions(grace, true, true, false));
        for (TestImages.Image image : pushed) {
            assertThat(images.pullable(APP, image)).isTrue();
        }
    }

    @Test
    void aClientThatFindsABlobWhileASweepDecidesToRemoveItKeepsIt() {
        Digest layer = Digest.sha256(dev.berth.storage.blob.BlobStore.sha256("unreferenced".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        RegistryStorage[] store = new RegistryStorage[1];
        // The client's HEAD lands after the sweep read the blob's last use, as it announces the removal.
        driver = new Interleaving(driver, "/removing", "write", () -> store[0].blobs().sizeIn(APP, layer));
        store[0] = storage(Duration.ZERO);
        assertThat(new TestImages(store[0]).orphan(APP, "unreferenced")).isEqualTo(layer);

        GcReport report = collect(store[0], false, false);

        assertThat(report.blobs()).doesNotContain(layer.toString());
        assertThat(store[0].blobs().sizeIn(APP, layer)).isEqualTo("unreferenced".length());
    }

    @Test
    void aBlobBeingRemovedIsAbsentToClientsAndUploadedAgainAfterTheRemoval() throws Exception {
        Digest layer = Digest.sha256(dev.berth.storage.blob.BlobStore.sha256("unreferenced".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        RegistryStorage[] store = new RegistryStorage[1];
        List<Throwable> heads = Collections.synchronizedList(new ArrayList<>());
        ExecutorService client = Executors.newSingleThreadExecutor();
        List<Future<Digest>> upload = new ArrayList<>();
        // Once the sweep has decided, a client's HEAD finds nothing and it uploads the blob again.
        driver = new Interleaving(driver, "/data", "delete", () -> {
            try {
                store[0].blobs().sizeIn(APP, layer);
            } catch (OciException absent) {
                heads.add(absent);
            }
            upload.add(client.submit(() -> new TestImages(store[0]).orphan(APP, "unreferenced")));
            sleepQuietly(300); // the upload is waiting for the removal to end, not racing it
            assertThat(upload.get(0).isDone()).isFalse();
        });
        store[0] = storage(Duration.ZERO);
        new TestImages(store[0]).orphan(APP, "unreferenced");

        GcReport report = collect(store[0], false, false);

        assertThat(report.blobs()).contains(layer.toString());
        assertThat(heads).singleElement().satisfies(e -> assertThat(((OciException) e).code()).isEqualTo(ErrorCode.BLOB_UNKNOWN));
        assertThat(upload.get(0).get()).isEqualTo(layer);
        client.shutdown();
        assertThat(store[0].blobs().sizeIn(APP, layer)).isEqualTo("unreferenced".length());
        assertThat(store[0].blobs().usage().lastUsed(layer)).as("the new copy is marked").isPresent();
    }

    /** Runs a client's step once, just before the wrapped store does the named operation on a matching blob path. */
    private static final class Interleaving extends dev.berth.storage.driver.ForwardingDriver {
        private final String pathEnd;
        private final String operation;
        private Runnable step;

        Interleaving(StorageDriver real, String pathEnd, String operation, Runnable step) {
            super(real);
            this.pathEnd = pathEnd;
            this.operation = operation;
            this.step = step;
        }

        @Override
        public void write(String path, byte[] content) {
            if (operation.equals("write")) {
                runOnce(path);
            }
            real.write(path, content);
        }

        @Override
        public void delete(String path) {
            if (operation.equals("delete")) {
                runOnce(path);
            }
            real.delete(path);
        }

        private synchronized void runOnce(String path) {
            if (step != null && path.startsWith(StorageLayout.BLOBS + "/") && path.endsWith(pathEnd)) {
                Runnable now = step;
                step = null;
                now.run();
            }
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void referrersOfKeptManifestsAreKept() {
        RegistryStorage storage = storage(Duration.ZERO);
        TestImages images = new TestImages(storage);
        TestImages.Image image = images.push(APP, "v1", "layer");
        byte[] signature = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"artifactType\":\"application/vnd.example.sig\",\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\","
                + "\"digest\":\"" + image.config() + "\",\"size\":" + storage.blobs().size(image.config()).getAsLong() + "},"
                + "\"layers\":[],\"subject\":{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\""
                + image.manifest() + "\",\"size\":1}}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Digest referrer = storage.manifests().put(APP, new Reference.ByDigest(Digest.sha256(
                dev.berth.storage.blob.BlobStore.sha256(signature))), "application/vnd.oci.image.manifest.v1+json",
                signature).digest();

        assertThat(collect(storage, true, true).manifests()).isEmpty();
        assertThat(collect(storage, true, false).manifests()).containsExactly(APP + "@" + referrer);
    }

    @Test
    void abandonedUploadsOlderThanTheMaximumAgeAreRemoved() {
        RegistryStorage storage = storage(Duration.ZERO);
        UploadStatus old = storage.uploads().start(APP);
        storage.uploads().append(APP, old.id(), OptionalLong.empty(), OptionalLong.empty(),
                new ByteArrayInputStream(new byte[6 * 1024 * 1024]));
        Clock later = Clock.offset(Clock.systemUTC(), Duration.ofHours(25));

        int removed = new AbandonedUploads(storage.catalog(), storage.uploads(), later).removeOlderThan(Duration.ofHours(24));
        int removedNow = new AbandonedUploads(storage.catalog(), storage.uploads(), Clock.systemUTC())
                .removeOlderThan(Duration.ofHours(24));

        assertThat(removed).isEqualTo(1);
        assertThat(removedNow).isZero();
        assertThat(storage.uploads().sessions(APP)).isEmpty();
        assertThat(driver.exists(StorageLayout.upload(APP, old.id()))).isFalse();
    }

    @Test
    void freshUploadsAreKept() {
        RegistryStorage storage = storage(Duration.ZERO);
        UploadStatus fresh = storage.uploads().start(APP);

        int removed = new AbandonedUploads(storage.catalog(), storage.uploads(), Clock.systemUTC())
                .removeOlderThan(Duration.ofHours(24));

        assertThat(removed).isZero();
        assertThat(storage.uploads().sessions(APP)).containsExactly(fresh.id());
    }

    @Test
    void integrityCheckFindsABlobCorruptedInTheStoreAndRepairRemovesIt() {
        RegistryStorage storage = storage(Duration.ZERO);
        TestImages images = new TestImages(storage);
        TestImages.Image image = images.push(APP, "v1", "layer that rots");
        Digest rotten = image.layers().get(0);
        driver.write(StorageLayout.blobData(rotten), "LAYER THAT ROTS".getBytes(java.nio.charset.StandardCharsets.UTF_8));

        IntegrityReport found = new IntegrityCheck(storage, line -> { }).run(false);
        IntegrityReport repaired = new IntegrityCheck(storage, line -> { }).run(true);

        assertThat(found.problems()).containsExactly("corrupt blob " + rotten);
        assertThat(repaired.repaired()).isEqualTo(1);
        assertThat(storage.blobs().size(rotten)).as("corrupt content removed, so it is pushed again").isEmpty();
        assertThat(new IntegrityCheck(storage, line -> { }).run(false).problems())
                .containsExactly("manifest " + APP + "@" + image.manifest() + " names missing blob " + rotten);
    }

    @Test
    void sha512ContentIsListedKeptWhileReferencedAndCollectedWhenNot() {
        RegistryStorage storage = storage(Duration.ZERO);
        TestImages images = new TestImages(storage, DigestAlgorithm.SHA512);
        TestImages.Image kept = images.push(APP, "v1", "sha512 base", "sha512 app");
        Digest orphan = images.orphan(OTHER, "sha512 orphan");
        assertThat(orphan.algorithm()).isEqualTo("sha512");

        assertThat(storage.blobs().stored()).as("the content store lists sha512 blobs too")
                .containsAll(kept.content()).contains(orphan);
        GcReport report = collect(storage, false, false);

        assertThat(report.blobs()).containsExactly(orphan.toString());
        assertThat(images.pullable(APP, kept)).isTrue();
        assertThat(driver.stat(StorageLayout.blobData(kept.layers().get(0))))
                .as("laid out as blobs/sha512/<2 hex>/<hex>/data").isPresent();
        assertThat(StorageLayout.blobData(kept.layers().get(0)))
                .startsWith("blobs/sha512/" + kept.layers().get(0).hex().substring(0, 2) + "/");
    }

    @Test
    void integrityCheckVerifiesSha512BlobsWithSha512() {
        RegistryStorage storage = storage(Duration.ZERO);
        TestImages images = new TestImages(storage, DigestAlgorithm.SHA512);
        TestImages.Image image = images.push(APP, "v1", "sound sha512 layer", "sha512 layer that rots");
        Digest rotten = image.layers().get(1);

        assertThat(new IntegrityCheck(storage, line -> { }).run(false).problems()).isEmpty();
        driver.write(StorageLayout.blobData(rotten), "ROTTEN".getBytes(java.nio.charset.StandardCharsets.UTF_8));

        assertThat(new IntegrityCheck(storage, line -> { }).run(false).problems()).containsExactly("corrupt blob " + rotten);
    }

    @Test
    void cacheExpiryRemovesCachedManifestsNotPulledSinceTheCutoffAndTheSweepFreesTheirBlobs() throws Exception {
        RegistryStorage storage = storage(Duration.ZERO);
        TestImages images = new TestImages(storage);
        RepositoryName mirrored = RepositoryName.of("hub/library/app");
        TestImages.Image idle = images.push(mirrored, "idle", "idle layer");
        TestImages.Image busy = images.push(mirrored, "busy", "busy layer");
        // A cached index names child manifests that are fetched only when pulled: none is here.
        byte[] index = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":"
                + "[{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"size\":7,\"digest\":\"sha256:"
                + "a".repeat(64) + "\"}]}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Digest cachedIndex = storage.manifests().putCached(mirrored, Reference.parse("multi"),
                "application/vnd.oci.image.index.v1+json", index);
        assertThat(storage.manifests().get(mirrored, Reference.parse("multi")).digest()).isEqualTo(cachedIndex);
        storage.pulls().touch(mirrored, idle.manifest());
        storage.pulls().touch(mirrored, cachedIndex);
        Thread.sleep(20);
        java.time.Instant cutoff = Clock.systemUTC().instant();
        Thread.sleep(20);
        storage.pulls().touch(mirrored, busy.manifest());

        List<String> expired = new CacheExpiry(storage).expire(mirrored, cutoff, false);
        GcReport report = collect(storage, false, false);

        assertThat(expired).containsExactlyInAnyOrder(mirrored + "@" + idle.manifest(), mirrored + "@" + cachedIndex);
        assertThat(storage.tags().list(mirrored)).containsExactly("busy");
        assertThat(report.blobs()).contains(idle.layers().get(0).toString(), idle.manifest().toString(),
                cachedIndex.toString());
        assertThat(images.pullable(mirrored, busy)).isTrue();
    }

    protected RegistryStorage storage(Duration grace) {
        return new RegistryStorage(driver, Clock.systemUTC(), grace);
    }

    private static GcReport collect(RegistryStorage storage, boolean deleteUntagged, boolean keepReferrers) {
        return new GarbageCollector(storage, line -> { })
                .collect(new GcOptions(Duration.ZERO, deleteUntagged, keepReferrers, false));
    }

    static Tag tag(String value) {
        return new Tag(value);
    }
}
