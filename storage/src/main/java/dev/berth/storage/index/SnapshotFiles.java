package dev.berth.storage.index;

import dev.berth.storage.driver.StorageDriver;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Reads and writes the snapshots of one index: {@code <folder>/<id>/head} and the chunks
 * {@code <folder>/<id>/<number>}, each up to {@link #CHUNK} sorted names, one a line. Everything
 * read is cached: a snapshot is written once and never changed, only deleted when superseded.
 */
final class SnapshotFiles {
    /** Names a chunk: a page of a listing needs one or two chunks, each one small read. */
    static final int CHUNK = 1000;

    private final StorageDriver driver;
    private final String folder;
    private final IndexCache cache;

    SnapshotFiles(StorageDriver driver, String folder, IndexCache cache) {
        this.driver = driver;
        this.folder = folder;
        this.cache = cache;
    }

    String folder() {
        return folder;
    }

    /** The snapshot's head; {@link SnapshotGoneException} if a compaction removed it meanwhile. */
    Snapshot head(String id) {
        return cache.get(folder + "/" + id + "/head", 1, () -> Snapshot.decode(id, driver.read(folder + "/" + id + "/head")
                .orElseThrow(() -> new SnapshotGoneException(id))));
    }

    List<String> chunk(Snapshot snapshot, int number) {
        String path = chunkPath(snapshot.id(), number);
        return cache.get(path, snapshot.chunks().get(number).size(), () -> {
            byte[] content = driver.read(path).orElseThrow(() -> new SnapshotGoneException(snapshot.id()));
            String text = new String(content, StandardCharsets.UTF_8);
            return text.isEmpty() ? List.of() : List.of(text.split("\n"));
        });
    }

    /** The snapshot's names after {@code after} (null: all), in order, read a chunk at a time. */
    Iterator<String> namesAfter(Snapshot snapshot, String after) {
        return new Iterator<>() {
            private int chunk = snapshot.chunkAfter(after);
            private List<String> names = List.of();
            private int position;

            @Override
            public boolean hasNext() {
                while (position >= names.size()) {
                    if (chunk >= snapshot.chunks().size()) {
                        return false;
                    }
                    names = chunk(snapshot, chunk++);
                    position = after == null ? 0 : firstAfter(names, after);
                }
                return true;
            }

            @Override
            public String next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return names.get(position++);
            }
        };
    }

    boolean contains(Snapshot snapshot, String name) {
        if (snapshot.chunks().isEmpty()) {
            return false;
        }
        int chunk = snapshot.chunkAfter(name);
        List<String> names = chunk(snapshot, chunk);
        int at = firstAfter(names, name) - 1;
        return at >= 0 && names.get(at).equals(name);
    }

    /** Writes a snapshot of the names (sorted, distinct), chunk by chunk, head last. */
    Snapshot write(String id, Iterator<String> sortedNames, long lastAdded) {
        List<Snapshot.Chunk> chunks = new ArrayList<>();
        List<String> current = new ArrayList<>(CHUNK);
        long count = 0;
        while (sortedNames.hasNext()) {
            current.add(sortedNames.next());
            count++;
            if (current.size() == CHUNK) {
                writeChunk(id, chunks, current);
            }
        }
        if (!current.isEmpty()) {
            writeChunk(id, chunks, current);
        }
        Snapshot snapshot = new Snapshot(id, count, lastAdded, List.copyOf(chunks));
        driver.write(folder + "/" + id + "/head", snapshot.encode());
        return snapshot;
    }

    List<String> ids() {
        return driver.list(folder);
    }

    void delete(String id) {
        driver.delete(folder + "/" + id);
    }

    private void writeChunk(String id, List<Snapshot.Chunk> chunks, List<String> names) {
        driver.write(chunkPath(id, chunks.size()), String.join("\n", names).getBytes(StandardCharsets.UTF_8));
        chunks.add(new Snapshot.Chunk(names.size(), names.get(0)));
        names.clear();
    }

    private String chunkPath(String id, int number) {
        return folder + "/" + id + "/" + String.format("%06d", number);
    }

    /** Index of the first name greater than {@code after} in a sorted list. */
    private static int firstAfter(List<String> names, String after) {
        int low = 0;
        int high = names.size();
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (names.get(middle).compareTo(after) <= 0) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }

    /** A snapshot a reader chose was removed by a compaction before it was read: read the log again. */
    static final class SnapshotGoneException extends RuntimeException {
        SnapshotGoneException(String id) {
            super("index snapshot " + id + " was replaced while it was read", null, false, false);
        }
    }
}
