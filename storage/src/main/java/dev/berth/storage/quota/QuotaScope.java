package dev.berth.storage.quota;

import dev.berth.oci.Digest;
import dev.berth.oci.RepositoryName;
import dev.berth.storage.StorageLayout;
import dev.berth.storage.driver.FileStat;
import dev.berth.storage.driver.StorageDriver;
import java.time.Clock;
import java.util.HashSet;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One quota's state in the store: who holds what ({@link ScopeHoldings}) and the bytes of the
 * distinct digests held ({@link UsageLedger}). Within this process one lock serialises the
 * check-and-charge of the scope, so replicas, not threads, are what a race can overshoot by.
 */
final class QuotaScope {
    private final Quota quota;
    private final StorageDriver driver;
    private final ScopeHoldings holdings;
    private final UsageLedger ledger;
    private final ScopeContents contents;
    private final Clock clock;
    private final boolean writable;
    private final ReentrantLock lock = new ReentrantLock();
    private final AtomicLong recorded = new AtomicLong();
    private volatile boolean counted;

    QuotaScope(Quota quota, StorageDriver driver, ScopeContents contents, Clock clock, boolean writable) {
        this.quota = quota;
        this.driver = driver;
        this.holdings = new ScopeHoldings(driver, StorageLayout.quotaHoldings(quota.scopeId()));
        this.ledger = new UsageLedger(driver, StorageLayout.quotaUsage(quota.scopeId()), clock);
        this.contents = contents;
        this.clock = clock;
        this.writable = writable;
    }

    Quota quota() {
        return quota;
    }

    /**
     * Records that the repository holds the digest. Content the scope holds already costs nothing;
     * new content must fit under the limit, or {@link QuotaExceededException} is thrown and nothing
     * is recorded.
     *
     * @return whether a holding was recorded now (so undoing the push removes it)
     */
    boolean charge(RepositoryName name, HeldAs kind, Digest digest, long size) {
        lock.lock();
        try {
            ensureCounted();
            if (holdings.isHeldBy(name, kind, digest)) {
                return false;
            }
            boolean fresh = !holdings.isHeld(digest);
            if (fresh) {
                long used = ledger.total();
                if (used + size > quota.limitBytes()) {
                    throw new QuotaExceededException(quota, used, size);
                }
            }
            holdings.add(name, kind, digest, size);
            if (fresh) {
                record(size);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** The repository no longer holds the digest that way; the bytes leave the usage once no repository of the scope does. */
    void release(RepositoryName name, HeldAs kind, Digest digest) {
        lock.lock();
        try {
            OptionalLong size = holdings.remove(name, kind, digest);
            if (size.isPresent() && !holdings.isHeld(digest)) {
                record(-size.getAsLong());
            }
        } finally {
            lock.unlock();
        }
    }

    /** The content itself was removed (garbage collection): no repository holds it any more. */
    void contentRemoved(Digest digest) {
        lock.lock();
        try {
            OptionalLong size = holdings.removeAll(digest);
            if (size.isPresent()) {
                record(-size.getAsLong());
            }
        } finally {
            lock.unlock();
        }
    }

    long used() {
        if (writable && !counted) {
            lock.lock();
            try {
                ensureCounted();
            } finally {
                lock.unlock();
            }
        }
        return ledger.total();
    }

    /**
     * Counts what the scope holds from the repositories' links (a walk), records any holding that
     * is missing, and makes the count the new total. Changes logged from the millisecond after the
     * walk began stay on top of it, so a push during the walk may count twice until the next recount.
     */
    long recount() {
        // Changes logged in the same millisecond as the start are taken as seen by the walk.
        long countedAt = clock.millis() + 1;
        Set<Digest> distinct = new HashSet<>();
        long[] total = {0};
        contents.forEach(quota.repositories(), (name, kind, digest) -> {
            Optional<FileStat> stored = driver.stat(StorageLayout.blobData(digest));
            if (stored.isEmpty()) {
                return; // a link to content garbage collection removed: it holds nothing
            }
            long size = stored.get().size();
            if (!holdings.isHeldBy(name, kind, digest)) {
                holdings.add(name, kind, digest, size);
            }
            if (distinct.add(digest)) {
                total[0] += size;
            }
        });
        ledger.reset(total[0], countedAt);
        counted = true;
        return total[0];
    }

    private void ensureCounted() {
        if (counted) {
            return;
        }
        if (!ledger.isCounted()) {
            recount();
        }
        counted = true;
    }

    private void record(long delta) {
        ledger.record(delta);
        // Asked only now and then: each ask is a listing.
        if (recorded.incrementAndGet() % 16 == 0 && ledger.pending() >= UsageLedger.COMPACT_AFTER) {
            ledger.compact();
        }
    }
}
