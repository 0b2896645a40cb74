package dev.berth.registry.observability;

import dev.berth.storage.driver.AppendingWriter;
import dev.berth.storage.driver.ContentReader;
import dev.berth.storage.driver.FileStat;
import dev.berth.storage.driver.StorageDriver;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A storage driver that times every operation of the one it wraps (see {@link StorageMeter}),
 * including streaming a blob out ({@code copy}) and making appended data durable ({@code commit}).
 */
public final class MeteredStorageDriver implements StorageDriver, AutoCloseable {
    private final StorageDriver driver;
    private final StorageMeter meter;

    public MeteredStorageDriver(StorageDriver driver, String driverName, MeterRegistry registry) {
        this.driver = driver;
        this.meter = new StorageMeter(registry, driverName);
    }

    @Override
    public Optional<byte[]> read(String path) {
        return meter.time("read", () -> driver.read(path));
    }

    @Override
    public void write(String path, byte[] content) {
        meter.time("write", () -> driver.write(path, content));
    }

    @Override
    public Optional<FileStat> stat(String path) {
        return meter.time("stat", () -> driver.stat(path));
    }

    @Override
    public ContentReader open(String path) {
        return new MeteredReader(meter.time("open", () -> driver.open(path)));
    }

    @Override
    public List<String> list(String folder) {
        return meter.time("list", () -> driver.list(folder));
    }

    @Override
    public boolean exists(String path) {
        return meter.time("exists", () -> driver.exists(path));
    }

    @Override
    public void delete(String path) {
        meter.time("delete", () -> driver.delete(path));
    }

    @Override
    public void deleteFile(String path) {
        meter.time("delete", () -> driver.deleteFile(path));
    }

    @Override
    public AppendingWriter append(String path, long offset) {
        return new MeteredWriter(meter.time("append", () -> driver.append(path, offset)));
    }

    @Override
    public void publish(String source, String target) {
        meter.time("publish", () -> driver.publish(source, target));
    }

    @Override
    public Optional<URI> directDownload(String path) {
        return meter.time("presign", () -> driver.directDownload(path));
    }

    /** Closes the wrapped driver when it holds resources (the S3 client). */
    @Override
    public void close() throws Exception {
        if (driver instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    private final class MeteredReader implements ContentReader {
        private final ContentReader reader;

        MeteredReader(ContentReader reader) {
            this.reader = reader;
        }

        @Override
        public long size() {
            return reader.size();
        }

        @Override
        public void copyTo(OutputStream out, long offset, long length) throws IOException {
            WatchedOutput client = new WatchedOutput(out);
            try {
                meter.time("copy", () -> {
                    try {
                        reader.copyTo(client, offset, length);
                    } catch (IOException e) {
                        throw client.failed ? new StorageMeter.ClientGone(e) : new UncheckedIOException(e);
                    }
                });
            } catch (UncheckedIOException e) {
                throw e.getCause();
            } catch (StorageMeter.ClientGone e) {
                throw e.getCause();
            }
        }

        @Override
        public Optional<Path> localFile() {
            return reader.localFile();
        }

        @Override
        public void close() {
            reader.close();
        }
    }

    private final class MeteredWriter implements AppendingWriter {
        private final AppendingWriter writer;

        MeteredWriter(AppendingWriter writer) {
            this.writer = writer;
        }

        @Override
        public void write(byte[] buffer, int offset, int length) {
            writer.write(buffer, offset, length);
        }

        @Override
        public long size() {
            return writer.size();
        }

        @Override
        public void commit() {
            meter.time("commit", writer::commit);
        }

        @Override
        public void close() {
            writer.close();
        }
    }

    /** Remembers whether writing to the client failed, to tell a client going away from a storage error. */
    private static final class WatchedOutput extends FilterOutputStream {
        private boolean failed;

        WatchedOutput(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            try {
                out.write(b);
            } catch (IOException e) {
                failed = true;
                throw e;
            }
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            try {
                out.write(bytes, offset, length);
            } catch (IOException e) {
                failed = true;
                throw e;
            }
        }

        @Override
        public void flush() throws IOException {
            try {
                out.flush();
            } catch (IOException e) {
                failed = true;
                throw e;
            }
        }
    }
}
