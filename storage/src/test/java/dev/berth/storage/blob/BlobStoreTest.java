package dev.berth.storage.blob;

import static dev.berth.storage.StorageFixture.digestOf;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.oci.Digest;
import dev.berth.oci.ErrorCode;
import dev.berth.oci.OciException;
import dev.berth.oci.RepositoryName;
import dev.berth.storage.StorageFixture;
import dev.berth.storage.StorageLayout;
import java.nio.file.Path;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlobStoreTest {
    static final RepositoryName SOURCE = RepositoryName.of("team/source");
    static final RepositoryName TARGET = RepositoryName.of("team/target");
    static final RepositoryName STRANGER = RepositoryName.of("stranger");
    static final byte[] CONTENT = "shared layer".getBytes(UTF_8);

    @TempDir
    Path root;
    StorageFixture fixture;
    BlobStore blobs;

    @BeforeEach
    void openStore() {
        fixture = new StorageFixture(root);
        blobs = fixture.storage().blobs();
    }

    @Test
    void repositoryNeverSeesABlobLinkedOnlyInAnother() {
        Digest digest = fixture.upload(SOURCE, CONTENT);

        assertThat(blobs.isLinked(STRANGER, digest)).isFalse();
        assertCode(() -> blobs.sizeIn(STRANGER, digest), ErrorCode.BLOB_UNKNOWN);
        assertCode(() -> blobs.openIn(STRANGER, digest), ErrorCode.BLOB_UNKNOWN);
        assertThat(blobs.sizeIn(SOURCE, digest)).isEqualTo(CONTENT.length);
    }

    @Test
    void unknownBlobIsBlobUnknown() {
        Digest never = digestOf("never uploaded".getBytes(UTF_8));

        assertCode(() -> blobs.sizeIn(SOURCE, never), ErrorCode.BLOB_UNKNOWN);
        assertCode(() -> blobs.openIn(SOURCE, never), ErrorCode.BLOB_UNKNOWN);
        assertThat(blobs.size(never)).isEmpty();
    }

    @Test
    void mountFromASourceThatLinksTheBlobLinksItIntoTheTarget() {
        Digest digest = fixture.upload(SOURCE, CONTENT);

        assertThat(blobs.mount(TARGET, digest, SOURCE)).isTrue();

        assertThat(blobs.sizeIn(TARGET, digest)).isEqualTo(CONTENT.length);
        assertThat(fixture.blobDataFiles()).containsExactly(StorageLayout.blobData(digest));
    }

    @Test
    void mountFromASourceThatDoesNotLinkTheBlobMountsNothing() {
        Digest digest = fixture.upload(SOURCE, CONTENT);

        assertThat(blobs.mount(TARGET, digest, STRANGER)).isFalse();

        assertThat(blobs.isLinked(TARGET, digest)).isFalse();
        assertThat(fixture.filesUnder(StorageLayout.repository(TARGET))).isEmpty();
    }

    @Test
    void mountWithoutSourceLinksAnyStoredBlob() {
        Digest digest = fixture.upload(SOURCE, CONTENT);

        assertThat(blobs.mount(TARGET, digest, null)).isTrue();

        assertThat(blobs.sizeIn(TARGET, digest)).isEqualTo(CONTENT.length);
    }

    @Test
    void mountOfAnUnknownBlobMountsNothing() {
        Digest never = digestOf("never uploaded".getBytes(UTF_8));

        assertThat(blobs.mount(TARGET, never, null)).isFalse();
        assertThat(blobs.mount(TARGET, never, SOURCE)).isFalse();

        assertThat(blobs.isLinked(TARGET, never)).isFalse();
    }

    @Test
    void unlinkHidesTheBlobFromThatRepositoryOnly() {
        Digest digest = fixture.upload(SOURCE, CONTENT);
        blobs.mount(TARGET, digest, SOURCE);

        blobs.unlink(TARGET, digest);

        assertCode(() -> blobs.sizeIn(TARGET, digest), ErrorCode.BLOB_UNKNOWN);
        assertThat(blobs.sizeIn(SOURCE, digest)).isEqualTo(CONTENT.length);
        assertThat(blobs.size(digest)).hasValue(CONTENT.length);
    }

    @Test
    void unlinkOfABlobTheRepositoryDoesNotLinkIsBlobUnknown() {
        Digest digest = fixture.upload(SOURCE, CONTENT);

        assertCode(() -> blobs.unlink(TARGET, digest), ErrorCode.BLOB_UNKNOWN);
    }

    @Test
    void linkPointingAtAnotherDigestDoesNotCount() {
        Digest digest = fixture.upload(SOURCE, CONTENT);
        Digest other = fixture.upload(SOURCE, "other".getBytes(UTF_8));
        fixture.storage().driver().write(StorageLayout.layerLink(TARGET, digest), other.toString().getBytes(UTF_8));

        assertThat(blobs.isLinked(TARGET, digest)).isFalse();
    }

    @Test
    void smallContentIsStoredUnderItsDigest() {
        Digest digest = blobs.putSmall(CONTENT);

        assertThat(digest).isEqualTo(digestOf(CONTENT));
        assertThat(blobs.readSmall(digest)).isEqualTo(CONTENT);
        assertThat(blobs.putSmall(CONTENT)).isEqualTo(digest);
        assertThat(fixture.blobDataFiles()).containsExactly(StorageLayout.blobData(digest));
    }

    private static void assertCode(ThrowingCallable call, ErrorCode code) {
        assertThatThrownBy(call).isInstanceOfSatisfying(OciException.class, e -> assertThat(e.code()).isEqualTo(code));
    }
}
