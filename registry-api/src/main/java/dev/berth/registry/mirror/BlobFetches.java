package dev.berth.registry.mirror;

import dev.berth.oci.Digest;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Single flight per digest within this process: the first pull of a missing blob fetches it from
 * the upstream; pulls of the same digest arriving meanwhile wait for that fetch instead of
 * starting their own, then read the stored blob.
 */
final class BlobFetches {
    private final SingleFlight<Digest, Optional<RuntimeException>> flights;

    BlobFetches(Duration maxWait) {
        this.flights = new SingleFlight<>(maxWait);
    }

    /**
     * Runs {@code fetch} (returning null on success, else the failure to hand to waiting pulls)
     * unless a fetch of the digest is running; then waits for it and rethrows its failure.
     * Returns true when this call fetched; false when another did, or when {@code stored} says,
     * once this call holds the digest, that a fetch finished just before.
     */
    boolean fetchOrAwait(Digest digest, BooleanSupplier stored, Supplier<RuntimeException> fetch) {
        SingleFlight.Outcome<Optional<RuntimeException>> outcome = flights.run(digest,
                () -> stored.getAsBoolean() ? null : Optional.ofNullable(fetch.get()));
        if (outcome.ranHere()) {
            return outcome.value() != null;
        }
        if (outcome.value() != null && outcome.value().isPresent()) {
            throw outcome.value().get();
        }
        return false;
    }
}
