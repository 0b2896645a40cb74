package dev.berth.storage.index;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Compacts indexes in the background, one at a time and each index at most once at a time in this
 * process, so neither readers nor writers wait for it. Other replicas may compact the same index
 * at the same moment: that costs work, never correctness (see {@link SortedIndex}).
 */
public final class IndexUpkeep {
    /** Writers look at the log after about one change in this many, so it cannot grow unseen. */
    private static final int LOOK_EVERY = 32;
    private static final System.Logger LOG = System.getLogger(IndexUpkeep.class.getName());

    private final boolean enabled;
    private final Set<String> queued = ConcurrentHashMap.newKeySet();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "berth-index-upkeep");
        thread.setDaemon(true);
        return thread;
    });

    /** @param enabled false for a store that must not be written (read-only mode): nothing is compacted */
    public IndexUpkeep(boolean enabled) {
        this.enabled = enabled;
    }

    boolean enabled() {
        return enabled;
    }

    void compactSoon(SortedIndex index) {
        if (enabled && queued.add(index.folder())) {
            worker.execute(() -> {
                try {
                    index.compactIfWorthIt();
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "cannot compact index " + index.folder() + ": " + e.getMessage());
                } finally {
                    queued.remove(index.folder());
                }
            });
        }
    }

    void changed(SortedIndex index) {
        if (ThreadLocalRandom.current().nextInt(LOOK_EVERY) == 0) {
            compactSoon(index);
        }
    }
}
