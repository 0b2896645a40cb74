package dev.berth.storage.index;

import dev.berth.storage.driver.StorageDriver;
import java.time.Clock;

/** Makes the sorted indexes of one store, sharing one cache and one upkeep worker among them. */
public final class Indexes {
    private final StorageDriver driver;
    private final Clock clock;
    private final IndexCache cache;
    private final IndexUpkeep upkeep;

    /** @param writable false for a store that must not be written: indexes are then never compacted or built */
    public Indexes(StorageDriver driver, Clock clock, boolean writable) {
        this.driver = driver;
        this.clock = clock;
        this.cache = new IndexCache(IndexCache.DEFAULT_MAX_NAMES);
        this.upkeep = new IndexUpkeep(writable);
    }

    public SortedIndex at(String folder, IndexTruth truth) {
        return new SortedIndex(driver, folder, truth, clock, cache, upkeep);
    }
}
