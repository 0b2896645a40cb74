package dev.berth.registry.audit;

import dev.berth.storage.audit.AuditRecord;
import dev.berth.storage.audit.AuditWriter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Takes audit records off the request's path: a request only puts its record in a bounded queue;
 * one thread moves them to the {@link AuditWriter} and writes them: at once when it was idle, else
 * together with everything that arrived since, at most once a {@link #FLUSH_INTERVAL}, so a busy
 * second costs one write per minute object, not one per push. Stopping (a graceful shutdown,
 * after the web server has finished its requests) writes whatever is left.
 *
 * <p>What can be lost: on {@code kill -9} or a crash, the records not yet written: under load at
 * most the last flush interval's, when idle only a write in flight. When the store fails, records
 * wait in memory and are written when it answers again; only when {@link #CAPACITY} records wait
 * does a request wait for room ({@link #OFFER_WAIT}), and only then is a record dropped, logged
 * and counted ({@code berth.audit.dropped}): never silently.
 */
final class AuditQueue implements Consumer<AuditRecord>, SmartLifecycle {
    static final Duration FLUSH_INTERVAL = Duration.ofSeconds(1);
    static final int CAPACITY = 10_000;
    private static final Duration OFFER_WAIT = Duration.ofSeconds(2);
    private static final Logger log = LoggerFactory.getLogger(AuditQueue.class);

    private final LinkedBlockingQueue<AuditRecord> queue = new LinkedBlockingQueue<>(CAPACITY);
    private final AuditWriter writer;
    private final Counter dropped;
    private final Counter failedFlushes;
    private volatile Thread worker;
    private volatile boolean running;

    AuditQueue(AuditWriter writer, MeterRegistry meters) {
        this.writer = writer;
        this.dropped = Counter.builder("berth.audit.dropped").description("audit records given up: queue full")
                .register(meters);
        this.failedFlushes = Counter.builder("berth.audit.flush.failed")
                .description("audit writes the store refused; retried").register(meters);
        Gauge.builder("berth.audit.pending", queue, LinkedBlockingQueue::size)
                .description("audit records waiting to be written").register(meters);
    }

    @Override
    public void accept(AuditRecord record) {
        try {
            if (queue.offer(record) || queue.offer(record, OFFER_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        dropped.increment();
        log.error("audit record dropped, the queue is full (is the store failing?): {} {} {}", record.action(),
                record.repository(), record.reference());
    }

    private void drain() {
        long lastFlush = System.nanoTime() - FLUSH_INTERVAL.toNanos();
        while (running) {
            AuditRecord first = null;
            try {
                if (writer.unwritten() == 0) {
                    first = queue.take(); // idle: the next record is written as soon as it comes
                }
                long wait = lastFlush + FLUSH_INTERVAL.toNanos() - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000)); // a write was just made: gather more
                }
            } catch (InterruptedException e) {
                if (first != null) {
                    synchronized (this) {
                        writer.add(List.of(first)); // stop() writes it with the rest
                    }
                }
                return;
            }
            lastFlush = System.nanoTime();
            moveAndFlush(first);
        }
    }

    /**
     * Moves queued records (and {@code first}, taken already) to the writer, unless it holds a full
     * queue's worth unwritten already, and flushes.
     */
    private synchronized void moveAndFlush(AuditRecord first) {
        if (first != null) {
            writer.add(List.of(first));
        }
        if (writer.unwritten() < CAPACITY) {
            List<AuditRecord> batch = new ArrayList<>();
            queue.drainTo(batch, CAPACITY);
            writer.add(batch);
        }
        if (writer.unwritten() == 0) {
            return;
        }
        try {
            writer.flush();
        } catch (RuntimeException e) {
            failedFlushes.increment();
            log.warn("audit records not written yet, retrying in {}: {}", FLUSH_INTERVAL, e.toString());
        }
    }

    /** A thread of its own each time: a stopped context (a paused test context) may be started again. */
    @Override
    public void start() {
        running = true;
        Thread thread = new Thread(this::drain, "audit-writer");
        thread.setDaemon(true);
        worker = thread;
        thread.start();
    }

    @Override
    public void stop() {
        running = false;
        Thread thread = worker;
        thread.interrupt();
        try {
            thread.join(FLUSH_INTERVAL.multipliedBy(5).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        moveAndFlush(null);
        if (writer.unwritten() > 0 || !queue.isEmpty()) {
            log.error("{} audit records could not be written before shutdown", writer.unwritten() + queue.size());
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops after the web server (whose phases are higher), so the records of its last requests are written. */
    @Override
    public int getPhase() {
        return Integer.MIN_VALUE + 1000;
    }
}
