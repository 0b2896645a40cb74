package dev.berth.storage.driver.filesystem;

import dev.berth.storage.driver.AppendingWriter;
import dev.berth.storage.driver.StorageFailureException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

final class FileAppendingWriter implements AppendingWriter {
    private final FileChannel channel;
    private final String path;

    FileAppendingWriter(FileChannel channel, String path) {
        this.channel = channel;
        this.path = path;
    }

    @Override
    public void write(byte[] buffer, int offset, int length) {
        try {
            ByteBuffer wrapped = ByteBuffer.wrap(buffer, offset, length);
            while (wrapped.hasRemaining()) {
                channel.write(wrapped);
            }
        } catch (IOException e) {
            throw new StorageFailureException("cannot write " + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public long size() {
        try {
            return channel.position();
        } catch (IOException e) {
            throw new StorageFailureException("cannot read position of " + path, e);
        }
    }

    /**
     * Nothing to do: written bytes are in the file, for any process, as soon as write returns. They
     * are flushed to disk once, when the upload is published, rather than after every chunk: a
     * flush per chunk was a third of a chunked push's time and protects nothing a publish needs.
     */
    @Override
    public void commit() {
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new StorageFailureException("cannot close " + path, e);
        }
    }
}
