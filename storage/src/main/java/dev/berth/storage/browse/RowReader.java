package dev.berth.storage.browse;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Reads the rows of one page side by side: on S3 each row costs a few small requests, and a page
 * of 100 read one after another would take most of a second.
 */
final class RowReader {
    private static final int THREADS = 8;
    private static final ExecutorService POOL = Executors.newFixedThreadPool(THREADS, task -> {
        Thread thread = new Thread(task, "berth-browse-rows");
        thread.setDaemon(true);
        return thread;
    });

    <T, R> List<R> map(List<T> items, Function<T, R> read) {
        if (items.size() <= 1) {
            return items.stream().map(read).toList();
        }
        List<Future<R>> futures = items.stream().map(item -> POOL.submit(() -> read.apply(item))).toList();
        List<R> results = new ArrayList<>(items.size());
        try {
            for (Future<R> future : futures) {
                results.add(future.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading a page", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        }
        return results;
    }
}
