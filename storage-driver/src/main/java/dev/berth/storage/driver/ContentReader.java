package dev.berth.storage.driver;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Optional;

/** An open file to stream from. */
public interface ContentReader extends Closeable {

    long size();

    /** Copies {@code length} bytes starting at {@code offset} to {@code out}. */
    void copyTo(OutputStream out, long offset, long length) throws IOException;

    /**
     * The local file holding the content, when there is one, so a web server can send it with
     * zero-copy {@code sendfile}; empty for remote stores.
     */
    default Optional<Path> localFile() {
        return Optional.empty();
    }

    @Override
    void close();
}
