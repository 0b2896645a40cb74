package dev.berth.registry.mirror;

import dev.berth.oci.ErrorCode;
import dev.berth.oci.OciException;
import dev.berth.registry.route.OciStatusException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * One run per key at a time in this process: a caller arriving while a run for its key is on
 * waits for it and shares its outcome instead of asking the upstream again (rate limits count
 * every request, and a blob should cross the network once).
 */
final class SingleFlight<K, T> {
    private final ConcurrentHashMap<K, CompletableFuture<T>> running = new ConcurrentHashMap<>();
    private final Duration maxWait;

    SingleFlight(Duration maxWait) {
        this.maxWait = maxWait;
    }

    /** The outcome of a run, and whether this caller ran it. */
    record Outcome<T>(T value, boolean ranHere) {
    }

    /** Runs {@code work} unless a run for the key is on; then waits for that one's value or failure. */
    Outcome<T> run(K key, Supplier<T> work) {
        CompletableFuture<T> mine = new CompletableFuture<>();
        CompletableFuture<T> theirs = running.putIfAbsent(key, mine);
        if (theirs == null) {
            try {
                T value = work.get();
                mine.complete(value);
                return new Outcome<>(value, true);
            } catch (RuntimeException | Error e) {
                mine.completeExceptionally(e);
                throw e;
            } finally {
                running.remove(key, mine);
            }
        }
        try {
            return new Outcome<>(theirs.get(maxWait.toMillis(), TimeUnit.MILLISECONDS), false);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime
                    : OciStatusException.unavailable("fetching from the upstream failed");
        } catch (TimeoutException e) {
            throw OciStatusException.unavailable("still being fetched from the upstream; try again");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw OciStatusException.unavailable("interrupted");
        }
    }
}
