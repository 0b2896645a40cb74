package dev.berth.storage.driver;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;

/** An open file to stream from. */
public interface ContentReader extends Closeable {

    long size();

    /** Copies {@code length} bytes starting at {@code offset} to {@code out}. */
    void copyTo(OutputStream out, long offset, long length) throws IOException;

    @Override
    void close();
}
