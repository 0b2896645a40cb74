package dev.berth.registry.mirror;

import dev.berth.oci.Digest;
import dev.berth.oci.ErrorCode;
import dev.berth.oci.OciException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Single flight per digest within this process: the first pull of a missing blob fetches it from
 * the upstream; pulls of the same digest arriving meanwhile wait for that fetch instead of
 * starting their own, then read the stored blob.
 */
final class BlobFetches {
    private final ConcurrentHashMap<Digest, CompletableFuture<Void>> running = new ConcurrentHashMap<>();
    private final Duration maxWait;

    BlobFetches(Duration maxWait) {
        this.maxWait = maxWait;
    }

    /**
     * Runs {@code fetch} (returning null on success, else the failure to hand to waiting pulls)
     * unless a fetch of the digest is running; then waits for it and rethrows its failure.
     * Returns true when this call fetched; false when another did, or when {@code stored} says,
     * once this call holds the digest, that a fetch finished just before.
     */
    boolean fetchOrAwait(Digest digest, BooleanSupplier stored, Supplier<RuntimeException> fetch) {
        CompletableFuture<Void> mine = new CompletableFuture<>();
        CompletableFuture<Void> theirs = running.putIfAbsent(digest, mine);
        if (theirs == null) {
            try {
                if (stored.getAsBoolean()) {
                    mine.complete(null);
                    return false;
                }
                RuntimeException failure = fetch.get();
                if (failure == null) {
                    mine.complete(null);
                } else {
                    mine.completeExceptionally(failure);
                }
            } catch (RuntimeException | Error e) {
                mine.completeExceptionally(e);
                throw e;
            } finally {
                running.remove(digest, mine);
            }
            return true;
        }
        try {
            theirs.get(maxWait.toMillis(), TimeUnit.MILLISECONDS);
            return false;
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime
                    : new OciException(ErrorCode.UNAVAILABLE, "fetching the blob from the upstream failed");
        } catch (TimeoutException e) {
            throw new OciException(ErrorCode.UNAVAILABLE, "the blob is still being fetched from the upstream; try again");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OciException(ErrorCode.UNAVAILABLE, "interrupted");
        }
    }
}
