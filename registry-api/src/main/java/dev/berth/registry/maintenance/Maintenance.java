package dev.berth.registry.maintenance;

import dev.berth.registry.access.ReadOnlyMode;
import dev.berth.registry.config.RegistryProperties;
import dev.berth.registry.content.CachedRepositories;
import dev.berth.storage.RegistryStorage;
import dev.berth.storage.gc.GarbageCollector;
import dev.berth.storage.gc.GcOptions;
import dev.berth.storage.gc.GcReport;
import dev.berth.storage.integrity.IntegrityCheck;
import dev.berth.storage.integrity.IntegrityReport;
import dev.berth.storage.upload.AbandonedUploads;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The registry's housekeeping jobs, as the schedule, the admin API and the commands run them.
 * One collection at a time per process; progress and summaries go to the log.
 */
@Component
public class Maintenance {
    private static final Logger log = LoggerFactory.getLogger(Maintenance.class);

    private final RegistryStorage storage;
    private final RegistryProperties properties;
    private final ReadOnlyMode readOnly;
    private final GcMetrics metrics;
    private final CachedRepositories caches;
    private final ReentrantLock collecting = new ReentrantLock();

    public Maintenance(RegistryStorage storage, RegistryProperties properties, ReadOnlyMode readOnly,
                       GcMetrics metrics, CachedRepositories caches) {
        this.storage = storage;
        this.properties = properties;
        this.readOnly = readOnly;
        this.metrics = metrics;
        this.caches = caches;
    }

    /** Runs a collection with the configured options; {@code deleteUntagged} null keeps the configured choice. */
    public GcReport collectGarbage(boolean dryRun, Boolean deleteUntagged) {
        RegistryProperties.Gc gc = properties.gc();
        GcOptions options = new GcOptions(gc.gracePeriod(),
                deleteUntagged != null ? deleteUntagged : gc.deleteUntagged(), gc.keepReferrers(), dryRun);
        if (!dryRun) {
            readOnly.requireWritable();
        }
        if (!collecting.tryLock()) {
            throw new CollectionRunningException();
        }
        long start = System.nanoTime();
        try {
            log.info("garbage collection started ({})", dryRun ? "dry run" : "removing");
            if (!dryRun) {
                // What a pull-through cache expires here is then ordinary unused content for the sweep.
                caches.expire();
            }
            GcReport report = new GarbageCollector(storage, log::info).collect(options);
            metrics.completed(report);
            return report;
        } catch (RuntimeException e) {
            metrics.failed(dryRun, Duration.ofNanos(System.nanoTime() - start));
            throw e;
        } finally {
            collecting.unlock();
        }
    }

    /** Another collection holds the lock; the caller may try again when it ends. */
    public static final class CollectionRunningException extends RuntimeException {
        CollectionRunningException() {
            super("a garbage collection is already running");
        }
    }

    public int removeAbandonedUploads() {
        readOnly.requireWritable();
        int removed = new AbandonedUploads(storage.catalog(), storage.uploads(), storage.clock())
                .removeOlderThan(properties.uploads().maxAge());
        if (removed > 0) {
            log.info("removed {} upload sessions older than {}", removed, properties.uploads().maxAge());
        }
        return removed;
    }

    public IntegrityReport checkIntegrity(boolean repair) {
        if (repair) {
            readOnly.requireWritable();
        }
        // A pull-through cache stores manifests before their layers, which it fetches when pulled.
        return new IntegrityCheck(storage, log::info, caches::isCache).run(repair);
    }
}
