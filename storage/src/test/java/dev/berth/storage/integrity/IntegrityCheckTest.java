package dev.berth.storage.integrity;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.Digest;
import dev.berth.oci.RepositoryName;
import dev.berth.storage.RegistryStorage;
import dev.berth.storage.StorageFixture;
import dev.berth.storage.StorageLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IntegrityCheckTest {
    static final RepositoryName APP = RepositoryName.of("team/app");

    @TempDir
    Path root;

    @Test
    void healthyStoreHasNoProblems() {
        StorageFixture fixture = new StorageFixture(root);
        fixture.upload(APP, "fine".getBytes(UTF_8));

        IntegrityReport report = new IntegrityCheck(fixture.storage(), line -> { }).run(false);

        assertThat(report.healthy()).isTrue();
        assertThat(report.blobsChecked()).isEqualTo(1);
        assertThat(report.bytesChecked()).isEqualTo(4);
    }

    @Test
    void blobCorruptedOnDiskIsFoundAndRepairRemovesItAndTheLinksToIt() throws Exception {
        StorageFixture fixture = new StorageFixture(root);
        Digest good = fixture.upload(APP, "good bytes".getBytes(UTF_8));
        Digest bad = fixture.upload(APP, "soon flipped".getBytes(UTF_8));
        Files.writeString(root.resolve(StorageLayout.blobData(bad)), "SOON FLIPPED");

        IntegrityReport found = new IntegrityCheck(fixture.storage(), line -> { }).run(false);

        assertThat(found.problems()).containsExactly("corrupt blob " + bad);
        assertThat(found.repaired()).isZero();
        assertThat(Files.exists(root.resolve(StorageLayout.blobData(bad)))).as("nothing changed without repair").isTrue();

        IntegrityReport repaired = new IntegrityCheck(fixture.storage(), line -> { }).run(true);

        assertThat(repaired.problems()).containsExactly("corrupt blob " + bad, "link to missing blob " + APP + "@" + bad);
        assertThat(repaired.repaired()).isEqualTo(2);
        RegistryStorage storage = StorageFixture.open(root);
        assertThat(storage.blobs().isLinked(APP, bad)).isFalse();
        assertThat(storage.blobs().sizeIn(APP, good)).isEqualTo(10);
        assertThat(new IntegrityCheck(storage, line -> { }).run(false).healthy()).isTrue();
    }

    @Test
    void missingBlobBehindALinkIsReported() throws Exception {
        StorageFixture fixture = new StorageFixture(root);
        Digest lost = fixture.upload(APP, "lost".getBytes(UTF_8));
        Files.delete(root.resolve(StorageLayout.blobData(lost)));

        IntegrityReport report = new IntegrityCheck(fixture.storage(), line -> { }).run(false);

        assertThat(report.problems()).containsExactly("link to missing blob " + APP + "@" + lost);
    }
}
