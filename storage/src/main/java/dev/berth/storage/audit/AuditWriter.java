package dev.berth.storage.audit;

import dev.berth.storage.driver.StorageDriver;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import tools.jackson.databind.json.JsonMapper;

/**
 * One replica's writing of audit records: records are kept per minute and each minute's object is
 * rewritten whole with every {@link #flush()} that added to it, so a busy minute costs one write
 * per flush, not one per record, and readers list at most one object per replica and minute.
 * Not thread-safe by design: one thread (the registry's audit queue) adds and flushes.
 *
 * <p>A failed flush leaves the records in memory, marked unwritten, and the next flush writes
 * them again; the caller stops adding while {@link #unwritten()} is high.
 */
public final class AuditWriter {
    /** Past this, a minute's records go on in a new object, so no object (nor rewrite) grows without end. */
    static final int MAX_RECORDS_PER_OBJECT = 2_000;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final StorageDriver driver;
    private final String writer;
    /** Every object still being written, in the order opened. */
    private final List<Batch> batches = new ArrayList<>();
    /** The object each minute's next records go to. */
    private final TreeMap<Long, Batch> current = new TreeMap<>();
    private long seq;

    public AuditWriter(StorageDriver driver) {
        this.driver = driver;
        this.writer = Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);
    }

    private final class Batch {
        final long minute;
        final String path;
        final List<AuditRecord> records = new ArrayList<>();
        int written;

        Batch(long minute) {
            this.minute = minute;
            this.path = AuditLayout.batch(minute, writer, seq++);
        }

        boolean full() {
            return records.size() >= MAX_RECORDS_PER_OBJECT;
        }
    }

    public void add(List<AuditRecord> records) {
        for (AuditRecord record : records) {
            long minute = Math.floorDiv(record.time().getEpochSecond(), 60);
            Batch batch = current.get(minute);
            if (batch == null || batch.full()) {
                batch = new Batch(minute);
                current.put(minute, batch);
                batches.add(batch);
            }
            batch.records.add(record);
        }
    }

    /**
     * Writes every object that has records not yet written; then forgets full objects and minutes
     * older than the newest but one (a record of a forgotten minute, late by a slow thread, starts
     * a new object, never overwrites one). Throws what the store throws; nothing is lost by that.
     */
    public void flush() {
        for (Batch batch : batches) {
            if (batch.written < batch.records.size()) {
                int size = batch.records.size();
                driver.write(batch.path, lines(batch.records));
                batch.written = size;
            }
        }
        if (current.isEmpty()) {
            return;
        }
        long newest = current.lastKey();
        batches.removeIf(batch -> batch.full() || batch.minute < newest - 1);
        current.headMap(newest - 1).clear();
    }

    /** Records added but not yet in the store. */
    public int unwritten() {
        int count = 0;
        for (Batch batch : batches) {
            count += batch.records.size() - batch.written;
        }
        return count;
    }

    private static byte[] lines(List<AuditRecord> records) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(records.size() * 256);
        for (AuditRecord record : records) {
            out.writeBytes(JSON.writeValueAsBytes(record));
            out.write('\n');
        }
        return out.toByteArray();
    }
}
