package dev.berth.storage.driver.s3;

import dev.berth.storage.driver.FileStat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.storage.driver.AppendingWriter;
import dev.berth.storage.driver.StorageDriver;
import dev.berth.storage.driver.StorageDriverContract;
import dev.berth.storage.driver.StorageFailureException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The S3 driver against a real S3 server (s3proxy, started once for the class). Every test gets a
 * key prefix of its own in the one bucket, which is also how the registry is told to keep to a
 * folder of a shared bucket.
 */
class S3DriverTest extends StorageDriverContract {
    private static final int PART_SIZE = S3Settings.MIN_PART_SIZE;

    private static S3ProxyServer s3;

    private final List<S3Driver> drivers = new ArrayList<>();
    private String prefix;

    @BeforeAll
    static void startS3() {
        s3 = S3ProxyServer.launch();
    }

    @AfterAll
    static void stopS3() {
        if (s3 != null) {
            s3.close();
        }
    }

    @Override
    protected StorageDriver createDriver() {
        prefix = "t-" + UUID.randomUUID().toString().substring(0, 8);
        return newDriver(settings(s3.bucket(), prefix, null));
    }

    @AfterEach
    void closeDrivers() {
        drivers.forEach(S3Driver::close);
    }

    @Test
    void everythingIsStoredUnderThePrefix() {
        driver.write("a/b", bytes("x"));
        try (AppendingWriter writer = driver.append("uploads/u/data", 0)) {
            writer.write(bytes("y"), 0, 1);
            writer.commit();
        }

        List<String> keys = s3.client().listObjectsV2Paginator(list -> list.bucket(s3.bucket())).contents().stream()
                .map(S3Object::key)
                .filter(key -> key.startsWith(prefix))
                .toList();
        assertThat(keys).contains(prefix + "/a/b").allSatisfy(key -> assertThat(key).startsWith(prefix + "/"));
    }

    @Test
    void driversWithDifferentPrefixesDoNotSeeEachOther() {
        StorageDriver other = newDriver(settings(s3.bucket(), prefix + "-other", null));

        driver.write("folder/file", bytes("mine"));

        assertThat(other.read("folder/file")).isEmpty();
        assertThat(other.list("folder")).isEmpty();
        assertThat(other.exists("folder")).isFalse();
    }

    @Test
    void prefixWithSlashesMeansTheSameFolder() {
        driver.write("file", bytes("x"));

        StorageDriver slashed = newDriver(settings(s3.bucket(), "/" + prefix + "/", null));

        assertThat(slashed.read("file")).hasValueSatisfying(c -> assertThat(c).isEqualTo(bytes("x")));
    }

    @Test
    void dataAppendedByOneReplicaIsContinuedByAnother() {
        byte[] content = pattern(PART_SIZE + 1000);
        try (AppendingWriter writer = driver.append("uploads/u/data", 0)) {
            writer.write(content, 0, 1000);
            writer.commit();
        }

        StorageDriver replica = newDriver(settings(s3.bucket(), prefix, null));
        try (AppendingWriter writer = replica.append("uploads/u/data", 1000)) {
            writer.write(content, 1000, content.length - 1000);
            writer.commit();
        }
        driver.publish("uploads/u/data", "blobs/x/data");

        assertThat(replica.read("blobs/x/data")).hasValueSatisfying(c -> assertThat(c).isEqualTo(content));
    }

    @Test
    void unfinishedWriteLeavesNoMultipartUploadBehind() {
        byte[] content = pattern(2 * PART_SIZE + 10);
        try (AppendingWriter writer = driver.append("uploads/u/data", 0)) {
            writer.write(content, 0, content.length);
            // no commit: the request that was writing failed
        }

        assertThat(inProgressUploads()).isEmpty();
        try (AppendingWriter writer = driver.append("uploads/u/data", 0)) {
            writer.write(bytes("again"), 0, 5);
            writer.commit();
        }
        assertThat(appended("uploads/u/data")).isEqualTo(bytes("again"));
    }

    @Test
    void deleteOfAnUploadRemovesItsDataAndAnyMultipartUpload() {
        try (AppendingWriter writer = driver.append("uploads/u/data", 0)) {
            writer.write(pattern(PART_SIZE + 5), 0, PART_SIZE + 5);
            writer.commit();
        }
        // A multipart upload begun by a replica that died before finishing or aborting it.
        s3.client().createMultipartUpload(create -> create.bucket(s3.bucket()).key(prefix + "/uploads/u/data/stray"));

        driver.delete("uploads/u");

        assertThat(driver.exists("uploads/u")).isFalse();
        assertThat(inProgressUploads()).isEmpty();
        assertThat(s3.client().listObjectsV2(list -> list.bucket(s3.bucket()).prefix(prefix + "/")).contents()).isEmpty();
    }

    @Test
    void publishOfDataLargerThanOnePartKeepsEveryByte() {
        byte[] content = pattern(2 * PART_SIZE + 12345);
        int[] chunks = {3, PART_SIZE - 3, 77, PART_SIZE, 12345 - 77};
        int at = 0;
        for (int chunk : chunks) {
            try (AppendingWriter writer = driver.append("uploads/u/data", at)) {
                writer.write(content, at, chunk);
                writer.commit();
            }
            at += chunk;
        }
        assertThat(at).isEqualTo(content.length);

        driver.publish("uploads/u/data", "blobs/big/data");

        assertThat(driver.stat("blobs/big/data").map(FileStat::size)).hasValue((long) content.length);
        assertThat(driver.read("blobs/big/data")).hasValueSatisfying(c -> assertThat(c).isEqualTo(content));
        assertThat(driver.exists("uploads/u")).isFalse();
        assertThat(inProgressUploads()).isEmpty();
    }

    @Test
    void bodiesGoUnsignedOverPlainHttpWhileHeadersStaySigned() {
        List<String> sent = new java.util.concurrent.CopyOnWriteArrayList<>();
        ExecutionInterceptor watch = new ExecutionInterceptor() {
            @Override
            public void beforeTransmission(software.amazon.awssdk.core.interceptor.Context.BeforeTransmission context,
                                           software.amazon.awssdk.core.interceptor.ExecutionAttributes attributes) {
                sent.add(context.httpRequest().firstMatchingHeader("x-amz-content-sha256").orElse("none")
                        + " " + context.httpRequest().firstMatchingHeader("Authorization").isPresent());
            }
        };
        S3Driver watched = newDriver(settings(s3.bucket(), prefix, null), watch);
        byte[] content = pattern(PART_SIZE + 10);

        appendInCommits(watched, "uploads/u/data", content, content.length);

        assertThat(s3.endpoint().getScheme()).isEqualTo("http");
        assertThat(sent).isNotEmpty().allSatisfy(request -> assertThat(request).isEqualTo("UNSIGNED-PAYLOAD true"));
        assertThat(appended("uploads/u/data")).isEqualTo(content);
    }

    @Test
    void directDownloadIsOffOnlyWhenNotConfigured() {
        driver.write("blobs/x/data", bytes("direct"));

        assertThat(driver.directDownload("blobs/x/data")).isEmpty();
    }

    @Test
    void directDownloadIsAPresignedUrlThatServesTheBytes() throws Exception {
        StorageDriver redirecting = newDriver(settings(s3.bucket(), prefix, Duration.ofMinutes(5)));
        redirecting.write("blobs/x/data", bytes("direct bytes"));

        URI url = redirecting.directDownload("blobs/x/data").orElseThrow();

        assertThat(url.getRawQuery()).contains("X-Amz-Signature");
        HttpResponse<byte[]> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(url).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(bytes("direct bytes"));
    }

    @Test
    void missingBucketIsAStorageFailure() {
        StorageDriver nowhere = newDriver(settings("no-such-bucket-" + UUID.randomUUID().toString().substring(0, 8),
                prefix, null));

        assertThatThrownBy(() -> nowhere.write("file", bytes("x"))).isInstanceOf(StorageFailureException.class);
    }

    @Test
    void unreachableServerIsAStorageFailure() {
        StorageDriver unreachable = newDriver(new S3Settings(s3.bucket(), S3ProxyServer.REGION,
                URI.create("http://127.0.0.1:1"), true, prefix, s3.accessKey(), s3.secretKey(), PART_SIZE, null));

        assertThatThrownBy(() -> unreachable.read("file")).isInstanceOf(StorageFailureException.class);
        assertThatThrownBy(() -> unreachable.write("file", bytes("x"))).isInstanceOf(StorageFailureException.class);
    }

    @Test
    void wrongCredentialsAreAStorageFailure() {
        StorageDriver stranger = newDriver(new S3Settings(s3.bucket(), S3ProxyServer.REGION, s3.endpoint(), true,
                prefix, s3.accessKey(), "not-the-secret", PART_SIZE, null));

        assertThatThrownBy(() -> stranger.write("file", bytes("x"))).isInstanceOf(StorageFailureException.class);
    }

    @Test
    void settingsRefusePartsSmallerThanS3Allows() {
        assertThatThrownBy(() -> new S3Settings(s3.bucket(), S3ProxyServer.REGION, s3.endpoint(), true, "",
                null, null, PART_SIZE - 1, null)).isInstanceOf(IllegalArgumentException.class);
    }

    // publishing without copies (pointers to the upload's segments)

    @Test
    void publishOfAStreamedUploadCopiesNoBytes() {
        RequestLog log = new RequestLog();
        S3Driver watched = newDriver(settings(s3.bucket(), prefix, null), log);
        byte[] content = pattern(2 * PART_SIZE + 123);
        appendInCommits(watched, "repositories/r/_uploads/u/data", content, content.length);
        watched.write("repositories/r/_uploads/u/state", bytes("{}"));
        log.clear();

        watched.publish("repositories/r/_uploads/u/data", "blobs/sha256/ab/abcd/data");
        watched.delete("repositories/r/_uploads/u");

        assertThat(log.requests()).isNotEmpty()
                .doesNotContain("CopyObject", "UploadPartCopy", "UploadPart", "CreateMultipartUpload", "GetObject");
        assertThat(watched.stat("blobs/sha256/ab/abcd/data").map(FileStat::size)).hasValue((long) content.length);
        assertThat(watched.read("blobs/sha256/ab/abcd/data")).hasValueSatisfying(c -> assertThat(c).isEqualTo(content));
    }

    @Test
    void publishOfAChunkedUploadCopiesNoBytesEither() {
        RequestLog log = new RequestLog();
        S3Driver watched = newDriver(settings(s3.bucket(), prefix, null), log);
        byte[] content = pattern(PART_SIZE + 4321);
        appendInCommits(watched, "uploads/u/data", content, 1024 * 1024 + 7);
        log.clear();

        watched.publish("uploads/u/data", "blobs/ab/abcd/data");

        assertThat(log.requests()).doesNotContain("CopyObject", "UploadPartCopy", "UploadPart", "GetObject");
        assertThat(appended("blobs/ab/abcd/data")).isEqualTo(content);
    }

    @Test
    void removingTheUploadFolderAfterPublishKeepsTheBlob() {
        byte[] content = pattern(300_000);
        appendInCommits(driver, "repositories/r/_uploads/u/data", content, 100_000);
        driver.write("repositories/r/_uploads/u/state", bytes("{}"));
        driver.publish("repositories/r/_uploads/u/data", "blobs/sha256/ab/abcd/data");

        // As the upload's completion does, and as abandoned-upload cleanup would, once more.
        driver.delete("repositories/r/_uploads/u");
        driver.delete("repositories/r/_uploads/u");

        assertThat(driver.exists("repositories/r/_uploads/u")).isFalse();
        assertThat(driver.read("blobs/sha256/ab/abcd/data")).hasValueSatisfying(c -> assertThat(c).isEqualTo(content));
    }

    @Test
    void deletingAPublishedBlobFreesItsSegments() {
        byte[] content = pattern(PART_SIZE + 10);
        appendInCommits(driver, "repositories/r/_uploads/u/data", content, PART_SIZE / 2);
        driver.publish("repositories/r/_uploads/u/data", "blobs/sha256/ab/abcd/data");
        driver.delete("repositories/r/_uploads/u");
        driver.write("blobs/sha256/ab/abcd/lastused", bytes("mark"));

        driver.delete("blobs/sha256/ab/abcd");

        assertThat(driver.stat("blobs/sha256/ab/abcd/data").map(FileStat::size)).isEmpty();
        assertThat(keysUnder(prefix)).isEmpty();
        assertThat(inProgressUploads()).isEmpty();
    }

    @Test
    void removingAnUnpublishedUploadLeavesNothing() {
        appendInCommits(driver, "repositories/r/_uploads/u/data", pattern(PART_SIZE + 10), PART_SIZE / 2);
        driver.write("repositories/r/_uploads/u/state", bytes("{}"));

        driver.delete("repositories/r/_uploads/u");

        assertThat(keysUnder(prefix)).isEmpty();
    }

    @Test
    void plainContentAsEarlierVersionsWroteItStaysReadableAndDeletable() throws Exception {
        byte[] content = pattern(200_000);
        driver.write("blobs/sha256/ab/abcd/data", content);
        StorageDriver redirecting = newDriver(settings(s3.bucket(), prefix, Duration.ofMinutes(5)));

        assertThat(appended("blobs/sha256/ab/abcd/data")).isEqualTo(content);
        assertThat(driver.stat("blobs/sha256/ab/abcd/data").map(FileStat::size)).hasValue((long) content.length);
        assertThat(fetch(redirecting.directDownload("blobs/sha256/ab/abcd/data").orElseThrow())).isEqualTo(content);
        driver.delete("blobs/sha256/ab/abcd");
        assertThat(keysUnder(prefix)).isEmpty();
    }

    @Test
    void directDownloadOfContentPublishedFromOneSegmentIsThatSegment() throws Exception {
        StorageDriver redirecting = newDriver(settings(s3.bucket(), prefix, Duration.ofMinutes(5)));
        byte[] content = pattern(PART_SIZE + 99);
        appendInCommits(redirecting, "uploads/u/data", content, content.length);
        redirecting.publish("uploads/u/data", "blobs/ab/abcd/data");

        URI url = redirecting.directDownload("blobs/ab/abcd/data").orElseThrow();

        assertThat(fetch(url)).isEqualTo(content);
    }

    @Test
    void contentOfSeveralSegmentsIsStreamedRatherThanRedirected() {
        StorageDriver redirecting = newDriver(settings(s3.bucket(), prefix, Duration.ofMinutes(5)));
        byte[] content = pattern(3000);
        appendInCommits(redirecting, "uploads/u/data", content, 1000);
        redirecting.publish("uploads/u/data", "blobs/ab/abcd/data");

        assertThat(redirecting.directDownload("blobs/ab/abcd/data")).isEmpty();
        assertThat(redirecting.read("blobs/ab/abcd/data")).hasValueSatisfying(c -> assertThat(c).isEqualTo(content));
    }

    /**
     * A registry killed after any request of a publish and its cleanup: the blob is absent or whole,
     * never a pointer to missing segments; removing the upload then (a retry's cleanup or the
     * abandoned-upload sweep) never takes a published blob; and deleting the blob (garbage
     * collection) leaves no byte behind.
     */
    @Test
    void killAfterAnyRequestOfPublishingLeavesTheBlobAbsentOrWholeAndNoBytesBehind() {
        byte[] content = pattern(5000);
        RequestLog log = new RequestLog();
        S3Driver counted = newDriver(settings(s3.bucket(), prefix + "-count", null), log);
        prepareUpload(counted, content);
        log.clear();
        completeUpload(counted);
        int requests = log.requests().size();
        assertThat(requests).isGreaterThan(5);

        int absent = 0;
        int finishedByRemoval = 0;
        for (int kill = 1; kill <= requests; kill++) {
            String store = prefix + "-kill-" + kill;
            ProcessDeath death = new ProcessDeath();
            S3Driver dying = newDriver(settings(s3.bucket(), store, null), death);
            prepareUpload(dying, content);
            death.afterRequests(kill);
            try {
                completeUpload(dying);
            } catch (RuntimeException killed) {
                // the process is gone
            }

            S3Driver restarted = newDriver(settings(s3.bucket(), store, null));
            String after = "after a kill at request " + kill + " of " + log.requests();
            boolean published = assertAbsentOrWhole(restarted, content, after);
            restarted.delete(UPLOAD);
            boolean stillPublished = assertAbsentOrWhole(restarted, content, after + ", then removing the upload");
            if (published) {
                assertThat(stillPublished).as("removing the upload keeps a published blob, " + after).isTrue();
            }
            absent += stillPublished ? 0 : 1;
            finishedByRemoval += !published && stillPublished ? 1 : 0;
            restarted.delete(BLOB_FOLDER);
            assertThat(keysUnder(store)).as("nothing left after garbage collection, " + after).isEmpty();
        }
        // Early kills lose the blob; a kill between claim and pointer is finished by the removal.
        assertThat(absent).isPositive();
        assertThat(finishedByRemoval).isPositive();
    }

    @Test
    void uploadRemovedWhileBeingPublishedEndsPublishedOrGoneButNeverHalf() throws Exception {
        byte[] content = pattern(20_000);
        for (int round = 0; round < 8; round++) {
            String store = prefix + "-race-" + round;
            S3Driver publisher = newDriver(settings(s3.bucket(), store, null));
            S3Driver remover = newDriver(settings(s3.bucket(), store, null));
            prepareUpload(publisher, content);

            runAtOnce(() -> publisher.publish(DATA, BLOB), () -> remover.delete(UPLOAD));

            S3Driver after = newDriver(settings(s3.bucket(), store, null));
            after.delete(UPLOAD);
            assertAbsentOrWhole(after, content, "round " + round);
            after.delete(BLOB_FOLDER);
            assertThat(keysUnder(store)).as("round %d", round).isEmpty();
        }
    }

    @Test
    void twoReplicasPublishingTheSameContentAtOnceLeaveItWhole() throws Exception {
        byte[] content = pattern(20_000);
        for (int round = 0; round < 8; round++) {
            String store = prefix + "-same-" + round;
            S3Driver one = newDriver(settings(s3.bucket(), store, null));
            S3Driver two = newDriver(settings(s3.bucket(), store, null));
            appendInCommits(one, "repositories/r/_uploads/one/data", content, 7000);
            appendInCommits(two, "repositories/r/_uploads/two/data", content, 7000);

            runAtOnce(() -> {
                one.publish("repositories/r/_uploads/one/data", BLOB);
                one.delete("repositories/r/_uploads/one");
            }, () -> {
                two.publish("repositories/r/_uploads/two/data", BLOB);
                two.delete("repositories/r/_uploads/two");
            });

            assertThat(one.read(BLOB)).as("round %d", round).hasValueSatisfying(c -> assertThat(c).isEqualTo(content));
            one.delete(BLOB_FOLDER);
            assertThat(one.stat(BLOB).map(FileStat::size)).isEmpty();
        }
    }

    private static final String UPLOAD = "repositories/r/_uploads/u";
    private static final String DATA = UPLOAD + "/data";
    private static final String BLOB_FOLDER = "blobs/sha256/ab/abcd";
    private static final String BLOB = BLOB_FOLDER + "/data";

    /** An upload of two chunks with its state, as the upload store leaves it before completion. */
    private static void prepareUpload(StorageDriver store, byte[] content) {
        appendInCommits(store, DATA, content, content.length / 2 + 1);
        store.write(UPLOAD + "/state", bytes("{}"));
    }

    /** What completing it costs the driver: the publish, the blob's last-used mark, the cleanup. */
    private static void completeUpload(StorageDriver store) {
        store.write(BLOB_FOLDER + "/lastused", bytes("mark"));
        store.publish(DATA, BLOB);
        store.delete(UPLOAD);
    }

    /** Whether the blob is there; fails if it is there but not whole. */
    private static boolean assertAbsentOrWhole(StorageDriver store, byte[] content, String when) {
        if (store.stat(BLOB).map(FileStat::size).isEmpty()) {
            assertThat(store.read(BLOB)).as(when).isEmpty();
            return false;
        }
        assertThat(store.stat(BLOB).map(FileStat::size)).as(when).hasValue((long) content.length);
        assertThat(store.read(BLOB)).as(when).hasValueSatisfying(c -> assertThat(c).isEqualTo(content));
        return true;
    }

    private static void appendInCommits(StorageDriver store, String path, byte[] content, int chunk) {
        for (int at = 0; at < content.length; at += chunk) {
            try (AppendingWriter writer = store.append(path, at)) {
                writer.write(content, at, Math.min(chunk, content.length - at));
                writer.commit();
            }
        }
    }

    /** Runs both at the same moment and waits for them; failures of either are expected outcomes of the race. */
    private static void runAtOnce(Runnable first, Runnable second) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> running = new ArrayList<>();
            for (Runnable each : List.of(first, second)) {
                running.add(pool.submit(() -> {
                    go.await();
                    try {
                        each.run();
                    } catch (StorageFailureException lostTheRace) {
                        // publishing an upload that is being removed may fail; it must not half-succeed
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> each : running) {
                each.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static byte[] fetch(URI url) throws Exception {
        HttpResponse<byte[]> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(url).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private static List<String> keysUnder(String store) {
        return s3.client().listObjectsV2Paginator(list -> list.bucket(s3.bucket()).prefix(store + "/")).contents().stream()
                .map(S3Object::key)
                .toList();
    }

    private List<String> inProgressUploads() {
        return s3.client().listMultipartUploadsPaginator(list -> list.bucket(s3.bucket()).prefix(prefix + "/"))
                .uploads().stream()
                .map(upload -> upload.key())
                .toList();
    }

    private static S3Settings settings(String bucket, String prefix, Duration redirectExpiry) {
        return new S3Settings(bucket, S3ProxyServer.REGION, s3.endpoint(), true, prefix,
                s3.accessKey(), s3.secretKey(), PART_SIZE, redirectExpiry);
    }

    private S3Driver newDriver(S3Settings settings) {
        S3Driver created = new S3Driver(settings);
        drivers.add(created);
        return created;
    }

    /** A driver whose client runs every request through {@code interceptor}. */
    private S3Driver newDriver(S3Settings settings, ExecutionInterceptor interceptor) {
        S3Client client = S3Clients.builder(settings)
                .overrideConfiguration(override -> override.addExecutionInterceptor(interceptor))
                .build();
        S3Driver created = new S3Driver(client, null, settings);
        drivers.add(created);
        return created;
    }
}
