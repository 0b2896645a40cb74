package dev.berth.storage.index;

import dev.berth.storage.driver.StorageDriver;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NavigableMap;
import java.util.NoSuchElementException;
import java.util.Set;

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

    /** The snapshot's head; {@link SnapshotGoneException} if a compaction removed it meanwhile. */
    Snapshot head(String id) {
        return cache.get(folder + "/" + id + "/head", 1, () -> Snapshot.decode(id, driver.read(folder + "/" + id + "/head")
                .orElseThrow(() -> new SnapshotGoneException(id))));
    }

    List<String> chunk(Snapshot snapshot, int number) {
        String path = folder + "/" + snapshot.chunks().get(number).file();
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
        ChunkWriter writer = new ChunkWriter(id);
        sortedNames.forEachRemaining(writer::add);
        return writer.finish(lastAdded);
    }

    /**
     * Writes the snapshot {@code old} with the changed names applied ({@code changed}: name to
     * whether it is there now). Only chunks whose range a change falls in are written again; the
     * others are shared with {@code old}, so a compaction after a few pushes writes a chunk or two
     * whatever the index's size.
     */
    Snapshot writeMerged(String id, Snapshot old, NavigableMap<String, Boolean> changed, long lastAdded) {
        ChunkWriter writer = new ChunkWriter(id);
        List<Snapshot.Chunk> chunks = old.chunks();
        if (chunks.isEmpty()) {
            changed.forEach((name, present) -> {
                if (present) {
                    writer.add(name);
                }
            });
            return writer.finish(lastAdded);
        }
        for (int i = 0; i < chunks.size(); i++) {
            // Chunk i owns the names from its first (from nothing, for the first chunk) up to the next chunk's first.
            String from = i == 0 ? null : chunks.get(i).first();
            String to = i == chunks.size() - 1 ? null : chunks.get(i + 1).first();
            NavigableMap<String, Boolean> range = from == null && to == null ? changed
                    : from == null ? changed.headMap(to, false)
                    : to == null ? changed.tailMap(from, true) : changed.subMap(from, true, to, false);
            if (range.isEmpty()) {
                writer.share(chunks.get(i));
            } else {
                new Merged(chunk(old, i).iterator(), range, range::get, null).forEachRemaining(writer::add);
            }
        }
        return writer.finish(lastAdded);
    }

    List<String> ids() {
        return driver.list(folder);
    }

    /** Removes a snapshot's head and its chunk files, except those newer snapshots still share. */
    void delete(String id, Set<String> sharedFiles) {
        List<String> files = driver.list(folder + "/" + id);
        boolean keepsAny = false;
        for (String file : files) {
            if (sharedFiles.contains(id + "/" + file)) {
                keepsAny = true;
            } else {
                driver.deleteFile(folder + "/" + id + "/" + file);
            }
        }
        if (!keepsAny) {
            driver.delete(folder + "/" + id);
        }
    }

    /** Gathers names into chunks of {@link #CHUNK}, writing each as it fills. */
    private final class ChunkWriter {
        private final String id;
        private final List<Snapshot.Chunk> chunks = new ArrayList<>();
        private final List<String> current = new ArrayList<>(CHUNK);
        private int written;
        private long count;

        ChunkWriter(String id) {
            this.id = id;
        }

        void add(String name) {
            current.add(name);
            count++;
            if (current.size() == CHUNK) {
                flush();
            }
        }

        void share(Snapshot.Chunk chunk) {
            flush();
            chunks.add(chunk);
            count += chunk.size();
        }

        Snapshot finish(long lastAdded) {
            flush();
            Snapshot snapshot = new Snapshot(id, count, lastAdded, List.copyOf(chunks));
            driver.write(folder + "/" + id + "/head", snapshot.encode());
            return snapshot;
        }

        private void flush() {
            if (current.isEmpty()) {
                return;
            }
            String file = id + "/" + String.format("%06d", written++);
            driver.write(folder + "/" + file, String.join("\n", current).getBytes(StandardCharsets.UTF_8));
            chunks.add(new Snapshot.Chunk(current.size(), file, current.get(0)));
            current.clear();
        }
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
