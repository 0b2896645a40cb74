package dev.berth.storage.bench;

import java.io.PrintStream;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** Counts pushed manifests from many threads and prints the count, the rate and an estimate of what is left, every few seconds. */
final class Progress implements AutoCloseable {
    private final long total;
    private final PrintStream out;
    private final AtomicLong done = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final long started = System.nanoTime();
    private final ScheduledExecutorService printer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "progress");
        thread.setDaemon(true); // never what keeps the JVM alive
        return thread;
    });

    Progress(long total, PrintStream out, long intervalSeconds) {
        this.total = total;
        this.out = out;
        printer.scheduleAtFixedRate(this::print, intervalSeconds, intervalSeconds, TimeUnit.SECONDS);
    }

    void pushed() {
        done.incrementAndGet();
    }

    /** Manifests a unit already held from an earlier run, counted as done without being pushed. */
    void alreadyThere(long manifests) {
        skipped.addAndGet(manifests);
    }

    long pushedCount() {
        return done.get();
    }

    long skippedCount() {
        return skipped.get();
    }

    double seconds() {
        return (System.nanoTime() - started) / 1e9;
    }

    /** Manifests pushed (not skipped) per second since the start. */
    double rate() {
        return done.get() / Math.max(seconds(), 1e-9);
    }

    private void print() {
        long pushed = done.get();
        long left = total - pushed - skipped.get();
        double rate = rate();
        out.printf("  %,d/%,d manifests (%,d already there), %.0f/s, about %s left%n", pushed + skipped.get(), total,
                skipped.get(), rate, rate > 0 ? duration((long) (left / rate)) : "?");
    }

    static String duration(long seconds) {
        return seconds >= 3600 ? String.format("%dh%02dm", seconds / 3600, seconds % 3600 / 60)
                : seconds >= 60 ? String.format("%dm%02ds", seconds / 60, seconds % 60) : seconds + "s";
    }

    @Override
    public void close() {
        printer.shutdownNow();
    }
}
