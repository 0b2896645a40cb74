package dev.berth.storage.driver;

import java.io.Closeable;

/**
 * Appends to an upload's data. Nothing is promised kept until {@link #commit()} returns, and nothing
 * survives a crash of the machine itself until {@link StorageDriver#publish} has moved it.
 */
public interface AppendingWriter extends Closeable {

    void write(byte[] buffer, int offset, int length);

    /** Bytes in the file so far, counting what was there before this writer opened it. */
    long size();

    /**
     * Keeps everything written so far: a later {@link StorageDriver#append} at {@link #size()}, here
     * or on another replica, continues from it, however this process ends afterwards. Durability
     * against a power cut is {@link StorageDriver#publish}'s, once for the whole upload, since the
     * data counts for nothing until its digest is verified and it is published.
     */
    void commit();

    @Override
    void close();
}
