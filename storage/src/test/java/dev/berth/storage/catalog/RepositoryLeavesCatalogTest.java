package dev.berth.storage.catalog;

import static dev.berth.storage.StorageFixture.digestOf;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.oci.Digest;
import dev.berth.oci.ErrorCode;
import dev.berth.oci.OciException;
import dev.berth.oci.Reference;
import dev.berth.oci.RepositoryName;
import dev.berth.oci.Tag;
import dev.berth.storage.RegistryStorage;
import dev.berth.storage.StorageFixture;
import dev.berth.storage.driver.filesystem.FilesystemDriver;
import dev.berth.storage.lifecycle.Glob;
import dev.berth.storage.lifecycle.ImmutableTagRule;
import dev.berth.storage.lifecycle.ImmutableTags;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A repository left with no tag and no manifest leaves the catalog; a repository delete empties it. */
class RepositoryLeavesCatalogTest {
    static final RepositoryName APP = RepositoryName.of("team/app");
    static final RepositoryName KEEP = RepositoryName.of("team/keep");

    @TempDir
    Path root;
    StorageFixture fixture;
    RegistryStorage storage;

    @BeforeEach
    void openStore() {
        fixture = new StorageFixture(root);
        storage = fixture.storage();
    }

    @Test
    void deletingTheLastTagAndManifestTakesTheRepositoryOutUntilItsNextPush() {
        Digest v1 = push(APP, "v1", "one");
        Digest v2 = push(APP, "v2", "two");
        push(KEEP, "v1", "kept");

        storage.manifests().delete(APP, Reference.parse("v1"));
        storage.manifests().delete(APP, new Reference.ByDigest(v1));
        assertThat(storage.catalog().list()).containsExactly("team/app", "team/keep");
        storage.manifests().delete(APP, new Reference.ByDigest(v2));

        assertThat(storage.catalog().list()).containsExactly("team/keep");
        assertThat(storage.catalog().listed(APP)).isFalse();
        assertThat(StorageFixture.open(root).catalog().list()).as("another replica").containsExactly("team/keep");
        storage.catalog().rebuildIndex();
        assertThat(storage.catalog().list()).as("rebuilt from the folders").containsExactly("team/keep");

        push(APP, "v3", "three");
        assertThat(storage.catalog().list()).containsExactly("team/app", "team/keep");
    }

    @Test
    void aRepositoryWithOnlyBlobsIsListedUntilItHadAManifest() {
        fixture.upload(APP, "layer".getBytes(UTF_8));

        assertThat(storage.catalog().list()).containsExactly("team/app");
    }

    @Test
    void deletingARepositoryRemovesItsTagsManifestsAndLinksButNotTheBlobs() {
        Digest v1 = push(APP, "v1", "one");
        push(APP, "v2", "two");
        push(KEEP, "v1", "kept");
        int blobs = fixture.blobDataFiles().size();

        List<Digest> removed = storage.manifests().deleteRepository(APP);

        assertThat(removed).hasSize(2).contains(v1);
        assertThat(storage.catalog().list()).containsExactly("team/keep");
        assertThat(storage.tags().list(APP)).isEmpty();
        assertThat(storage.manifests().count(APP)).isZero();
        assertThat(storage.blobs().linkedIn(APP)).isEmpty();
        assertThat(fixture.blobDataFiles()).as("freed later by garbage collection").hasSize(blobs);
        assertThat(storage.tags().list(KEEP)).containsExactly("v1");
    }

    @Test
    void anImmutableTagKeepsTheWholeRepository() {
        RegistryStorage guarded = new RegistryStorage(new FilesystemDriver(root), Clock.systemUTC(),
                RegistryStorage.DEFAULT_GRACE_PERIOD, true,
                new ImmutableTags(List.of(new ImmutableTagRule(0, Glob.of("team/**"), Glob.of("v2")))));
        push(APP, "v1", "one");
        push(APP, "v2", "two");

        assertThatThrownBy(() -> guarded.manifests().deleteRepository(APP))
                .isInstanceOfSatisfying(OciException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.DENIED));
        assertThat(guarded.tags().list(APP)).containsExactly("v1", "v2");
        assertThat(guarded.catalog().list()).containsExactly("team/app");
    }

    /** Pushes a one-layer image whose content differs by {@code seed}, tagged {@code tag}. */
    private Digest push(RepositoryName name, String tag, String seed) {
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"seed\":\"" + seed + "\"}").getBytes(UTF_8);
        byte[] layer = ("layer " + seed).getBytes(UTF_8);
        fixture.upload(name, config);
        fixture.upload(name, layer);
        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\""
                + digestOf(config) + "\",\"size\":" + config.length + "},"
                + "\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\""
                + digestOf(layer) + "\",\"size\":" + layer.length + "}]}";
        return storage.manifests().put(name, new Reference.ByTag(new Tag(tag)),
                "application/vnd.oci.image.manifest.v1+json", manifest.getBytes(UTF_8)).digest();
    }
}
