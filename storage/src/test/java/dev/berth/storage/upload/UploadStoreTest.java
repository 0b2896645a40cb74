package dev.berth.storage.upload;

import static dev.berth.storage.StorageFixture.digestOf;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.oci.Digest;
import dev.berth.oci.ErrorCode;
import dev.berth.oci.OciException;
import dev.berth.oci.RepositoryName;
import dev.berth.storage.RegistryStorage;
import dev.berth.storage.StorageFixture;
import dev.berth.storage.StorageLayout;
import dev.berth.storage.UploadId;
import dev.berth.storage.driver.ContentReader;
import dev.berth.storage.driver.FailingDeleteDriver;
import dev.berth.storage.driver.StorageFailureException;
import dev.berth.storage.driver.filesystem.FilesystemDriver;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.OptionalLong;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UploadStoreTest {
    static final RepositoryName APP = RepositoryName.of("team/app");
    static final RepositoryName OTHER = RepositoryName.of("other");
    static final Digest EMPTY = Digest.parse("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");

    @TempDir
    Path root;
    StorageFixture fixture;
    RegistryStorage storage;
    UploadStore uploads;

    @BeforeEach
    void openStore() {
        fixture = new StorageFixture(root);
        storage = fixture.storage();
        uploads = storage.uploads();
    }

    @Test
    void startedUploadIsAtOffsetZero() {
        UploadStatus started = uploads.start(APP);

        assertThat(started.offset()).isZero();
        assertThat(uploads.status(APP, started.id())).isEqualTo(started);
    }

    @Test
    void monolithicUploadVerifiesPublishesAndLinksTheBlob() throws IOException {
        byte[] content = "layer content".getBytes(UTF_8);
        UploadId id = uploads.start(APP).id();

        Digest digest = uploads.complete(APP, id, digestOf(content), OptionalLong.of(content.length), body(content));

        assertThat(digest).isEqualTo(digestOf(content));
        assertThat(storage.blobs().isLinked(APP, digest)).isTrue();
        assertThat(storage.blobs().sizeIn(APP, digest)).isEqualTo(content.length);
        assertThat(read(APP, digest)).isEqualTo(content);
        assertThat(fixture.blobDataFiles()).containsExactly(StorageLayout.blobData(digest));
        assertSessionGone(APP, id);
    }

    @Test
    void chunkedUploadOverSeveralAppendsYieldsTheConcatenation() throws IOException {
        byte[] content = pattern(2_500_000);
        UploadId id = uploads.start(APP).id();

        assertThat(uploads.append(APP, id, OptionalLong.of(0), OptionalLong.of(1_000_000), body(content, 0, 1_000_000)))
                .isEqualTo(new UploadStatus(id, 1_000_000));
        assertThat(uploads.append(APP, id, OptionalLong.of(1_000_000), OptionalLong.empty(), body(content, 1_000_000, 1)))
                .isEqualTo(new UploadStatus(id, 1_000_001));
        assertThat(uploads.append(APP, id, OptionalLong.empty(), OptionalLong.empty(),
                body(content, 1_000_001, 1_499_999)).offset()).isEqualTo(content.length);
        assertThat(uploads.status(APP, id).offset()).isEqualTo(content.length);

        Digest digest = uploads.complete(APP, id, digestOf(content), OptionalLong.empty(), null);

        assertThat(digest).isEqualTo(digestOf(content));
        assertThat(read(APP, digest)).isEqualTo(content);
        assertSessionGone(APP, id);
    }

    @Test
    void completeMayCarryTheLastChunk() throws IOException {
        byte[] content = pattern(5000);
        UploadId id = uploads.start(APP).id();
        uploads.append(APP, id, OptionalLong.of(0), OptionalLong.of(3000), body(content, 0, 3000));

        Digest digest = uploads.complete(APP, id, digestOf(content), OptionalLong.of(2000), body(content, 3000, 2000));

        assertThat(read(APP, digest)).isEqualTo(content);
    }

    @Test
    void emptyBlobCanBeUploaded() throws IOException {
        UploadId id = uploads.start(APP).id();

        Digest digest = uploads.complete(APP, id, EMPTY, OptionalLong.of(0), body(new byte[0]));

        assertThat(digest).isEqualTo(EMPTY);
        assertThat(storage.blobs().sizeIn(APP, EMPTY)).isZero();
        assertThat(read(APP, EMPTY)).isEmpty();
    }

    @Test
    void emptyBlobCanBeUploadedWithoutABody() {
        UploadId id = uploads.start(APP).id();

        assertThat(uploads.complete(APP, id, EMPTY, OptionalLong.empty(), null)).isEqualTo(EMPTY);
        assertThat(storage.blobs().sizeIn(APP, EMPTY)).isZero();
    }

    @Test
    void completeWithWrongDigestStoresNothing() {
        byte[] content = "real content".getBytes(UTF_8);
        Digest claimed = digestOf("other content".getBytes(UTF_8));
        UploadId id = uploads.start(APP).id();
        uploads.append(APP, id, OptionalLong.of(0), OptionalLong.empty(), body(content));

        assertCode(() -> uploads.complete(APP, id, claimed, OptionalLong.empty(), null), ErrorCode.DIGEST_INVALID);

        assertSessionGone(APP, id);
        assertThat(fixture.blobDataFiles()).isEmpty();
        assertThat(fixture.filesUnder(StorageLayout.repository(APP))).isEmpty();
        assertThat(storage.blobs().isLinked(APP, claimed)).isFalse();
        assertThat(storage.blobs().isLinked(APP, digestOf(content))).isFalse();
    }

    @Test
    void outOfOrderChunkIsRejectedWithTheCurrentOffset() {
        UploadId id = uploads.start(APP).id();
        uploads.append(APP, id, OptionalLong.of(0), OptionalLong.of(10), body(pattern(10)));

        for (long wrongStart : new long[] {0, 5, 11, 1000}) {
            assertThatThrownBy(() -> uploads.append(APP, id, OptionalLong.of(wrongStart), OptionalLong.empty(),
                    body(pattern(3))))
                    .isInstanceOfSatisfying(OutOfOrderChunkException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.BLOB_UPLOAD_INVALID);
                        assertThat(e.status()).isEqualTo(new UploadStatus(id, 10));
                    });
        }
        assertThat(uploads.status(APP, id).offset()).isEqualTo(10);
    }

    @Test
    void declaredLengthMismatchIsSizeInvalidAndLeavesTheOffsetUnchanged() throws IOException {
        byte[] content = pattern(300);
        UploadId id = uploads.start(APP).id();
        uploads.append(APP, id, OptionalLong.of(0), OptionalLong.of(100), body(content, 0, 100));

        assertCode(() -> uploads.append(APP, id, OptionalLong.of(100), OptionalLong.of(200), body(pattern(150))),
                ErrorCode.SIZE_INVALID);
        assertCode(() -> uploads.append(APP, id, OptionalLong.of(100), OptionalLong.of(10), body(pattern(150))),
                ErrorCode.SIZE_INVALID);
        assertThat(uploads.status(APP, id).offset()).isEqualTo(100);

        uploads.append(APP, id, OptionalLong.of(100), OptionalLong.of(200), body(content, 100, 200));
        Digest digest = uploads.complete(APP, id, digestOf(content), OptionalLong.empty(), null);
        assertThat(read(APP, digest)).isEqualTo(content);
    }

    @Test
    void lastChunkLengthMismatchIsSizeInvalidAndKeepsTheSession() {
        byte[] content = pattern(100);
        UploadId id = uploads.start(APP).id();

        assertCode(() -> uploads.complete(APP, id, digestOf(content), OptionalLong.of(99), body(content)),
                ErrorCode.SIZE_INVALID);

        assertThat(uploads.status(APP, id).offset()).isZero();
        assertThat(fixture.blobDataFiles()).isEmpty();
        assertThat(uploads.complete(APP, id, digestOf(content), OptionalLong.of(100), body(content)))
                .isEqualTo(digestOf(content));
    }

    @Test
    void bodyFailingHalfwayLeavesTheSessionAtItsPreviousOffsetAndItCanContinue() throws IOException {
        byte[] content = pattern(3_000_000);
        UploadId id = uploads.start(APP).id();
        uploads.append(APP, id, OptionalLong.of(0), OptionalLong.empty(), body(content, 0, 1000));

        InputStream failing = new FailingAfter(content, 1000, 1_500_000);
        assertThatThrownBy(() -> uploads.append(APP, id, OptionalLong.of(1000), OptionalLong.empty(), failing))
                .isInstanceOf(UploadInterruptedException.class)
                .hasCauseInstanceOf(IOException.class);
        assertThat(uploads.status(APP, id).offset()).isEqualTo(1000);

        uploads.append(APP, id, OptionalLong.of(1000), OptionalLong.empty(), body(content, 1000, 1_000_000));
        Digest digest = uploads.complete(APP, id, digestOf(content), OptionalLong.empty(),
                body(content, 1_001_000, content.length - 1_001_000));

        assertThat(digest).isEqualTo(digestOf(content));
        assertThat(read(APP, digest)).isEqualTo(content);
    }

    @Test
    void lastChunkFailingHalfwayLeavesTheSessionToBeCompletedLater() throws IOException {
        byte[] content = pattern(2_000_000);
        UploadId id = uploads.start(APP).id();

        assertThatThrownBy(() -> uploads.complete(APP, id, digestOf(content), OptionalLong.empty(),
                new FailingAfter(content, 0, 1_200_000)))
                .isInstanceOf(UploadInterruptedException.class);
        assertThat(uploads.status(APP, id).offset()).isZero();
        assertThat(fixture.blobDataFiles()).isEmpty();

        Digest digest = uploads.complete(APP, id, digestOf(content), OptionalLong.empty(), body(content));
        assertThat(read(APP, digest)).isEqualTo(content);
    }

    @Test
    void completeRetriedAfterACrashMidPublishLinksThePublishedBlob() {
        RegistryStorage crashing = new RegistryStorage(
                new FailingDeleteDriver(new FilesystemDriver(root), StorageLayout.repository(APP) + "/_uploads"),
                Clock.systemUTC());
        byte[] content = "layer published just before the crash".getBytes(UTF_8);
        UploadStatus session = crashing.uploads().start(APP);
        crashing.uploads().append(APP, session.id(), OptionalLong.empty(), OptionalLong.empty(),
                new ByteArrayInputStream(content));
        assertThatThrownBy(() -> crashing.uploads().complete(APP, session.id(), digestOf(content),
                OptionalLong.empty(), InputStream.nullInputStream())).isInstanceOf(StorageFailureException.class);

        RegistryStorage restarted = StorageFixture.open(root);
        Digest digest = restarted.uploads().complete(APP, session.id(), digestOf(content), OptionalLong.empty(),
                InputStream.nullInputStream());

        assertThat(digest).isEqualTo(digestOf(content));
        assertThat(restarted.blobs().sizeIn(APP, digest)).isEqualTo(content.length);
        assertThatThrownBy(() -> restarted.uploads().status(APP, session.id()))
                .isInstanceOf(OciException.class)
                .extracting(e -> ((OciException) e).code()).isEqualTo(ErrorCode.BLOB_UPLOAD_UNKNOWN);
    }

    @Test
    void sessionContinuesWithANewRegistryStorageOverTheSameRoot() throws IOException {
        byte[] content = pattern(700_000);
        UploadId id = uploads.start(APP).id();
        uploads.append(APP, id, OptionalLong.of(0), OptionalLong.empty(), body(content, 0, 300_001));

        RegistryStorage restarted = StorageFixture.open(root);

        assertThat(restarted.uploads().status(APP, id)).isEqualTo(new UploadStatus(id, 300_001));
        restarted.uploads().append(APP, id, OptionalLong.of(300_001), OptionalLong.empty(),
                body(content, 300_001, 200_000));
        RegistryStorage restartedAgain = StorageFixture.open(root);
        Digest digest = restartedAgain.uploads().complete(APP, id, digestOf(content), OptionalLong.empty(),
                body(content, 500_001, content.length - 500_001));

        assertThat(digest).isEqualTo(digestOf(content));
        assertThat(read(APP, digest)).isEqualTo(content);
    }

    @Test
    void sameContentUploadedToTwoRepositoriesIsStoredOnceAndLinkedInEach() {
        byte[] content = pattern(10_000);

        Digest first = fixture.upload(APP, content);
        Digest second = fixture.upload(OTHER, content);

        assertThat(second).isEqualTo(first);
        assertThat(fixture.blobDataFiles()).containsExactly(StorageLayout.blobData(first));
        assertThat(storage.blobs().isLinked(APP, first)).isTrue();
        assertThat(storage.blobs().isLinked(OTHER, first)).isTrue();
        assertThat(fixture.filesUnder(StorageLayout.repository(OTHER))).containsExactly(StorageLayout.layerLink(OTHER, first));
    }

    @Test
    void uploadingExistingContentAgainLeavesNoUploadDataBehind() {
        byte[] content = pattern(10_000);
        fixture.upload(APP, content);

        fixture.upload(APP, content);

        assertThat(fixture.filesUnder(StorageLayout.repository(APP) + "/_uploads")).isEmpty();
        assertThat(fixture.blobDataFiles()).hasSize(1);
    }

    @Test
    void cancelRemovesTheSessionAndItsData() {
        UploadId id = uploads.start(APP).id();
        uploads.append(APP, id, OptionalLong.of(0), OptionalLong.empty(), body(pattern(1000)));

        uploads.cancel(APP, id);

        assertSessionGone(APP, id);
        assertThat(fixture.filesUnder(StorageLayout.repository(APP))).isEmpty();
        assertThat(fixture.blobDataFiles()).isEmpty();
    }

    @Test
    void unknownSessionIsBlobUploadUnknown() {
        UploadId unknown = UploadId.random();

        assertSessionGone(APP, unknown);
        assertCode(() -> uploads.cancel(APP, unknown), ErrorCode.BLOB_UPLOAD_UNKNOWN);
        assertCode(() -> uploads.complete(APP, unknown, EMPTY, OptionalLong.empty(), null), ErrorCode.BLOB_UPLOAD_UNKNOWN);
    }

    @Test
    void sessionBelongsToTheRepositoryItWasStartedIn() {
        UploadId id = uploads.start(APP).id();

        assertSessionGone(OTHER, id);
        assertThat(uploads.status(APP, id).offset()).isZero();
    }

    @Test
    void malformedUploadIdIsBlobUploadUnknown() {
        assertCode(() -> new UploadId("../../blobs"), ErrorCode.BLOB_UPLOAD_UNKNOWN);
        assertCode(() -> new UploadId(null), ErrorCode.BLOB_UPLOAD_UNKNOWN);
        assertCode(() -> new UploadId("0B5B8F0E-5A1B-4A4C-9E3A-1C2D3E4F5A6B"), ErrorCode.BLOB_UPLOAD_UNKNOWN);
    }

    // helpers

    private void assertSessionGone(RepositoryName name, UploadId id) {
        assertCode(() -> uploads.status(name, id), ErrorCode.BLOB_UPLOAD_UNKNOWN);
        assertCode(() -> uploads.append(name, id, OptionalLong.empty(), OptionalLong.empty(), body(new byte[1])),
                ErrorCode.BLOB_UPLOAD_UNKNOWN);
    }

    private static void assertCode(ThrowingCallable call, ErrorCode code) {
        assertThatThrownBy(call).isInstanceOfSatisfying(OciException.class, e -> assertThat(e.code()).isEqualTo(code));
    }

    private byte[] read(RepositoryName name, Digest digest) throws IOException {
        try (ContentReader reader = storage.blobs().openIn(name, digest)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            reader.copyTo(out, 0, reader.size());
            return out.toByteArray();
        }
    }

    private static InputStream body(byte[] content) {
        return new ByteArrayInputStream(content);
    }

    private static InputStream body(byte[] content, int offset, int length) {
        return new ByteArrayInputStream(content, offset, length);
    }

    static byte[] pattern(int length) {
        byte[] content = new byte[length];
        for (int i = 0; i < length; i++) {
            content[i] = (byte) (i * 131 + (i >> 10));
        }
        return content;
    }

    /** A request body that delivers some bytes of the content, then fails as a dropped connection does. */
    static final class FailingAfter extends InputStream {
        private final InputStream delivered;

        FailingAfter(byte[] content, int offset, int length) {
            this.delivered = new ByteArrayInputStream(Arrays.copyOfRange(content, offset, offset + length));
        }

        @Override
        public int read() throws IOException {
            int next = delivered.read();
            if (next < 0) {
                throw new IOException("connection reset");
            }
            return next;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int read = delivered.read(buffer, offset, length);
            if (read < 0) {
                throw new IOException("connection reset");
            }
            return read;
        }
    }
}
