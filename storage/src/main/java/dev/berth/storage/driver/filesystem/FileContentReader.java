package dev.berth.storage.driver.filesystem;

import dev.berth.storage.driver.ContentReader;
import dev.berth.storage.driver.StorageFailureException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Optional;

/** Streams a file through one reused heap buffer, so memory stays flat whatever the file size. */
final class FileContentReader implements ContentReader {
    private static final int BUFFER_SIZE = 256 * 1024;

    private final Path file;
    private final FileChannel channel;
    private final long size;

    FileContentReader(Path file, FileChannel channel) throws IOException {
        this.file = file;
        this.channel = channel;
        this.size = channel.size();
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public void copyTo(OutputStream out, long offset, long length) throws IOException {
        byte[] array = new byte[(int) Math.min(BUFFER_SIZE, Math.max(length, 1))];
        ByteBuffer buffer = ByteBuffer.wrap(array);
        long position = offset;
        long remaining = length;
        while (remaining > 0) {
            buffer.clear().limit((int) Math.min(array.length, remaining));
            int read = channel.read(buffer, position);
            if (read < 0) {
                throw new IOException("file ended " + remaining + " bytes early");
            }
            out.write(array, 0, read);
            position += read;
            remaining -= read;
        }
    }

    @Override
    public Optional<Path> localFile() {
        return Optional.of(file);
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new StorageFailureException("cannot close file", e);
        }
    }
}
