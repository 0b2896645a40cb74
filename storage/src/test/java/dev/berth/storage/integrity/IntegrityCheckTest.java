package dev.berth.storage.integrity;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.Digest;
import dev.berth.oci.RepositoryName;
import dev.berth.storage.RegistryStorage;
import dev.berth.storage.StorageFixture;
import dev.berth.storage.StorageLayout;
import dev.berth.storage.blob.BlobStore;
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

        assertThat(repaired.problems()).containsExactly("corrupt blob " + bad);
        assertThat(repaired.repaired()).isEqualTo(1);
        assertThat(repaired.staleLinks()).as("the link to the removed blob, cleared too").isEqualTo(1);
        RegistryStorage storage = StorageFixture.open(root);
        assertThat(storage.blobs().isLinked(APP, bad)).isFalse();
        assertThat(storage.blobs().sizeIn(APP, good)).isEqualTo(10);
        assertThat(new IntegrityCheck(storage, line -> { }).run(false).healthy()).isTrue();
    }

    @Test
    void linkToABlobNoManifestNamesIsStaleNotAProblem() throws Exception {
        StorageFixture fixture = new StorageFixture(root);
        Digest lost = fixture.upload(APP, "lost".getBytes(UTF_8));
        Files.delete(root.resolve(StorageLayout.blobData(lost)));

        IntegrityReport report = new IntegrityCheck(fixture.storage(), line -> { }).run(false);

        assertThat(report.healthy()).isTrue();
        assertThat(report.staleLinks()).isEqualTo(1);
    }

    @Test
    void manifestNamingAMissingBlobIsAProblem() throws Exception {
        StorageFixture fixture = new StorageFixture(root);
        Digest config = fixture.upload(APP, "{}".getBytes(UTF_8));
        Digest layer = fixture.upload(APP, "layer".getBytes(UTF_8));
        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + config
                + "\",\"size\":2},\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\""
                + layer + "\",\"size\":5}]}";
        Digest pushed = fixture.storage().manifests().put(APP, dev.berth.oci.Reference.parse("v1"),
                "application/vnd.oci.image.manifest.v1+json", manifest.getBytes(UTF_8)).digest();
        Files.delete(root.resolve(StorageLayout.blobData(layer)));

        IntegrityReport report = new IntegrityCheck(fixture.storage(), line -> { }).run(false);

        assertThat(report.problems()).containsExactly("manifest " + APP + "@" + pushed + " names missing blob " + layer);
    }

    @Test
    void aCachedManifestWhoseBlobsAreFetchedOnDemandIsNoProblem() {
        StorageFixture fixture = new StorageFixture(root);
        RepositoryName mirrored = RepositoryName.of("hub/library/app");
        Digest config = Digest.sha256(BlobStore.sha256("{}".getBytes(UTF_8)));
        Digest layer = Digest.sha256(BlobStore.sha256("layer".getBytes(UTF_8)));
        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + config
                + "\",\"size\":2},\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\""
                + layer + "\",\"size\":5}]}";
        Digest cached = fixture.storage().manifests().putCached(mirrored, dev.berth.oci.Reference.parse("1"),
                "application/vnd.oci.image.manifest.v1+json", manifest.getBytes(UTF_8));

        assertThat(new IntegrityCheck(fixture.storage(), line -> { }, name -> name.equals(mirrored)).run(false).healthy())
                .isTrue();
        assertThat(new IntegrityCheck(fixture.storage(), line -> { }).run(false).problems())
                .as("the same store, seen without the mirror").contains("manifest " + mirrored + "@" + cached
                        + " names missing blob " + layer);
    }
}
