package dev.berth.storage.driver;

import java.io.Closeable;

/** Appends to an upload's data. Nothing is promised durable until {@link #commit()} returns. */
public interface AppendingWriter extends Closeable {

    void write(byte[] buffer, int offset, int length);

    /** Bytes in the file so far, counting what was there before this writer opened it. */
    long size();

    /** Makes everything written so far durable. */
    void commit();

    @Override
    void close();
}
