package dev.berth.storage.driver.memory;

import dev.berth.storage.driver.AppendingWriter;
import dev.berth.storage.driver.ContentMissingException;
import dev.berth.storage.driver.ContentReader;
import dev.berth.storage.driver.FileStat;
import dev.berth.storage.driver.StorageDriver;
import dev.berth.storage.driver.StorageFailureException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Keeps the whole store in this JVM's heap and forgets it on exit: for fast tests and for trying
 * Berth out, never for data that matters (every blob is held in memory). It passes the same driver
 * contract as the filesystem and S3 drivers. Changes are serialised on one lock; reads see a
 * consistent file, as an atomic write elsewhere would leave it.
 */
public final class MemoryDriver implements StorageDriver {
    private final ConcurrentSkipListMap<String, StoredFile> files = new ConcurrentSkipListMap<>();
    private final Object changes = new Object();
    private final Clock clock;

    public MemoryDriver() {
        this(Clock.systemUTC());
    }

    public MemoryDriver(Clock clock) {
        this.clock = clock;
    }

    private record StoredFile(byte[] content, Instant modified) {
    }

    @Override
    public Optional<byte[]> read(String path) {
        return Optional.ofNullable(files.get(path)).map(file -> file.content().clone());
    }

    @Override
    public void write(String path, byte[] content) {
        synchronized (changes) {
            files.put(path, new StoredFile(content.clone(), clock.instant()));
        }
    }

    @Override
    public Optional<FileStat> stat(String path) {
        return Optional.ofNullable(files.get(path)).map(file -> new FileStat(file.content().length, file.modified()));
    }

    @Override
    public ContentReader open(String path) {
        StoredFile file = files.get(path);
        if (file == null) {
            throw new ContentMissingException(path);
        }
        return new Reader(file.content());
    }

    @Override
    public List<String> list(String folder) {
        String prefix = folder.isEmpty() ? "" : folder + "/";
        Set<String> names = new LinkedHashSet<>();
        for (String key : under(prefix).keySet()) {
            String rest = key.substring(prefix.length());
            int slash = rest.indexOf('/');
            names.add(slash < 0 ? rest : rest.substring(0, slash));
        }
        return new ArrayList<>(names);
    }

    @Override
    public boolean exists(String path) {
        return files.containsKey(path) || !under(path + "/").isEmpty();
    }

    @Override
    public void delete(String path) {
        synchronized (changes) {
            files.remove(path);
            under(path + "/").clear();
        }
    }

    @Override
    public void deleteFile(String path) {
        synchronized (changes) {
            files.remove(path);
        }
    }

    @Override
    public AppendingWriter append(String path, long offset) {
        synchronized (changes) {
            byte[] committed = Optional.ofNullable(files.get(path)).map(StoredFile::content).orElse(new byte[0]);
            if (offset > committed.length) {
                throw new StorageFailureException("cannot append to " + path + " at " + offset
                        + ": only " + committed.length + " bytes were committed", null);
            }
            files.put(path, new StoredFile(Arrays.copyOf(committed, (int) offset), clock.instant()));
            return new Writer(path, offset);
        }
    }

    @Override
    public void publish(String source, String target) {
        synchronized (changes) {
            StoredFile file = files.remove(source);
            if (file == null) {
                throw new ContentMissingException(source);
            }
            files.put(target, new StoredFile(file.content(), clock.instant()));
        }
    }

    private Map<String, StoredFile> under(String prefix) {
        // Every key under the prefix sorts before prefix + U+FFFF; paths are built from validated names.
        return files.subMap(prefix, true, prefix + Character.MAX_VALUE, false);
    }

    /** Buffers what is written until commit, which adds it to the committed data in one step. */
    private final class Writer implements AppendingWriter {
        private final String path;
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
        private long committed;

        Writer(String path, long offset) {
            this.path = path;
            this.committed = offset;
        }

        @Override
        public void write(byte[] buffer, int offset, int length) {
            pending.write(buffer, offset, length);
        }

        @Override
        public long size() {
            return committed + pending.size();
        }

        @Override
        public void commit() {
            synchronized (changes) {
                byte[] before = Optional.ofNullable(files.get(path)).map(StoredFile::content).orElse(new byte[0]);
                byte[] after = Arrays.copyOf(before, before.length + pending.size());
                System.arraycopy(pending.toByteArray(), 0, after, before.length, pending.size());
                files.put(path, new StoredFile(after, clock.instant()));
                committed = after.length;
                pending.reset();
            }
        }

        @Override
        public void close() {
            pending.reset(); // never committed: discarded, as the next append would discard it
        }
    }

    private static final class Reader implements ContentReader {
        private final byte[] content;

        Reader(byte[] content) {
            this.content = content;
        }

        @Override
        public long size() {
            return content.length;
        }

        @Override
        public void copyTo(OutputStream out, long offset, long length) throws IOException {
            out.write(content, (int) offset, (int) length);
        }

        @Override
        public void close() {
        }
    }
}
