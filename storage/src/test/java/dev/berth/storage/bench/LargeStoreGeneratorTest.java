package dev.berth.storage.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.Reference;
import dev.berth.oci.RepositoryName;
import dev.berth.oci.Tag;
import dev.berth.storage.RegistryStorage;
import dev.berth.storage.StorageFixture;
import dev.berth.storage.integrity.IntegrityCheck;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generator at a tiny size, on a real folder: it must keep making the store bench/large-store.sh
 * expects through the public storage API, whatever the storage keeps inside.
 */
class LargeStoreGeneratorTest {
    private static final StoreShape SHAPE = new StoreShape(6, 60, 20);
    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    @TempDir
    Path root;

    @Test
    void makesTheShapeTeamRepositoriesTheBigRepositoryAndUntaggedManifests() throws Exception {
        RegistryStorage storage = StorageFixture.open(root);
        generate(storage);

        assertThat(storage.catalog().list()).containsExactlyElementsOf(SHAPE.names().stream().sorted().toList());
        RepositoryName big = RepositoryName.of(StoreShape.BIG_REPOSITORY);
        assertThat(storage.tags().list(big)).hasSize(20).contains("build-000001", "build-000020");
        assertThat(storage.manifests().revisions(big)).hasSize(20);
        RepositoryName team = SHAPE.teamRepository(0); // 40 manifests over 5 repositories: 8 each
        assertThat(storage.manifests().revisions(team)).hasSize(8);
        assertThat(storage.tags().list(team)).hasSize(8 - 8 / StoreShape.UNTAGGED_EVERY + 1).contains("latest");
        assertThat(storage.manifests().resolve(team, Reference.parse("latest")))
                .isEqualTo(storage.manifests().resolve(team, Reference.parse("1.0.7")));
        long tags = 0;
        for (String name : SHAPE.names()) {
            tags += storage.tags().list(RepositoryName.of(name)).size();
        }
        assertThat(tags).isEqualTo(SHAPE.tags());
        assertThat(new IntegrityCheck(storage, line -> { }).run(false).problems()).isEmpty();
    }

    @Test
    void aSecondRunPushesNothingAndAStoreOfOtherRepositoriesIsRefused() throws Exception {
        RegistryStorage storage = StorageFixture.open(root);
        generate(storage);
        try (Progress again = new Progress(SHAPE.manifests(), QUIET, 60)) {
            new LargeStoreGenerator(storage, SHAPE, again).run(2);
            assertThat(again.pushedCount()).isZero();
            assertThat(again.skippedCount()).isEqualTo(SHAPE.manifests());
        }

        new StorageFixture(root).upload(RepositoryName.of("someone/else"), "x".getBytes());
        assertThat(LargeStoreGenerator.foreignRepository(storage.catalog().list(), SHAPE)).isEqualTo("someone/else");
        assertThat(storage.tags().resolve(RepositoryName.of(StoreShape.BIG_REPOSITORY), new Tag("build-000020"))).isPresent();
    }

    private static void generate(RegistryStorage storage) throws InterruptedException {
        try (Progress progress = new Progress(SHAPE.manifests(), QUIET, 60)) {
            new LargeStoreGenerator(storage, SHAPE, progress).run(3);
            assertThat(progress.pushedCount()).isEqualTo(SHAPE.manifests());
        }
    }
}
