package dev.berth.storage.index;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.storage.driver.ForwardingDriver;
import dev.berth.storage.driver.StorageDriver;
import dev.berth.storage.driver.filesystem.FilesystemDriver;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first reader of an index builds its snapshot, then lists the log to use it. A store that does
 * not list what was just written yet (s3proxy under load was seen to miss the marker) must not fail
 * that reader: the names it just read from the truth answer.
 */
class LaggingListingSortedIndexTest {
    @TempDir
    Path root;

    @Test
    void aReaderThatCannotSeeTheSnapshotItJustBuiltAnswersFromTheTruth() {
        StorageDriver lagging = new ForwardingDriver(new FilesystemDriver(root)) {
            @Override
            public List<String> list(String folder) {
                // Snapshot markers are named <cutoff>!<id>; this store never lists them.
                return real.list(folder).stream().filter(name -> !name.contains("!")).toList();
            }
        };
        Set<String> names = Set.of("v1", "v2");
        SortedIndex index = new SortedIndex(lagging, "idx", new IndexTruth() {
            @Override
            public boolean contains(String name) {
                return names.contains(name);
            }

            @Override
            public Iterable<String> all() {
                return names;
            }
        }, Clock.systemUTC(), new IndexCache(IndexCache.DEFAULT_MAX_NAMES), new IndexUpkeep(true));

        assertThat(index.count()).isEqualTo(2);
        assertThat(index.page(null, 10).items()).containsExactly("v1", "v2");
    }
}
