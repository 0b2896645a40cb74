package dev.berth.registry.replication;

import dev.berth.oci.Digest;
import dev.berth.oci.OciException;
import dev.berth.registry.remote.RemoteFailure;
import dev.berth.storage.RegistryStorage;
import dev.berth.storage.manifest.ManifestDocument;
import dev.berth.storage.replication.ItemClaim;
import dev.berth.storage.replication.ReplicationActivity;
import dev.berth.storage.replication.ReplicationQueue;
import dev.berth.storage.replication.RuleActivity;
import dev.berth.storage.replication.WorkItem;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Does the rules' work: a scan queues every matching tag of the source; a drain copies the queued
 * items that are due, a few at a time, each under a claim so no two replicas copy it at once. A
 * failure is noted with its reason and retried later with a growing wait.
 */
final class Replicator implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Replicator.class);

    private final StoredImages local;
    private final ReplicationQueue queue;
    private final ReplicationActivity activity;
    private final ReplicationProperties settings;
    private final Clock clock;
    private final MeterRegistry meters;
    private final ExecutorService copiers;
    private final BlobLocations locations = new BlobLocations();
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();

    Replicator(RegistryStorage storage, StoredImages.Announcer announcer, ReplicationQueue queue,
               ReplicationActivity activity, ReplicationProperties settings, MeterRegistry meters) {
        this.local = new StoredImages(storage, announcer);
        this.queue = queue;
        this.activity = activity;
        this.settings = settings;
        this.clock = storage.clock();
        this.meters = meters;
        AtomicInteger threads = new AtomicInteger();
        this.copiers = Executors.newFixedThreadPool(Math.max(1, settings.workers()), runnable -> {
            Thread thread = new Thread(runnable, "replication-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    void registerMetrics(ReplicationRule rule) {
        Gauge.builder("berth.replication.backlog", queue, q -> q.backlog(rule.name()))
                .description("items queued for the rule, due now or waiting for a retry")
                .tag("rule", rule.name()).register(meters);
    }

    ReplicationQueue queue() {
        return queue;
    }

    /**
     * Queues every tag of the source that the rule copies and, for a rule that propagates deletes,
     * the removal of each matching tag the destination has and the source no longer does; returns
     * how many items it queued.
     */
    int scan(ReplicationRule rule) {
        ImageSource source = sourceOf(rule);
        int queued = 0;
        for (String repository : repositories(rule, source)) {
            Set<String> atSource = new HashSet<>();
            for (String tag : source.tags(repository)) {
                if (rule.copiesTag(tag)) {
                    atSource.add(tag);
                    queue.enqueueIfAbsent(rule.name(), repository, tag, WorkItem.Action.COPY);
                    queued++;
                }
            }
            if (rule.propagatesDeletes()) {
                queued += queueRemovals(rule, repository, atSource);
            }
        }
        return queued;
    }

    /**
     * Queues the removal of the destination's matching tags that the source does not have. Only
     * repositories the source still lists are compared, and a destination that cannot be listed
     * loses nothing.
     */
    private int queueRemovals(ReplicationRule rule, String repository, Set<String> atSource) {
        int queued = 0;
        for (String tag : destinationOf(rule).tags(rule.destinationOf(repository))) {
            if (rule.copiesTag(tag) && !atSource.contains(tag)) {
                queue.enqueueIfAbsent(rule.name(), repository, tag, WorkItem.Action.DELETE);
                queued++;
            }
        }
        return queued;
    }

    /** Scans and drains: what the schedule, the admin API and the command do. */
    RunReport run(ReplicationRule rule) {
        ReentrantLock lock = lockOf(rule);
        lock.lock();
        try {
            return runLocked(rule);
        } finally {
            lock.unlock();
        }
    }

    /** Copies the rule's due items, after any run or drain of it this process is doing. */
    RunReport drain(ReplicationRule rule) {
        ReentrantLock lock = lockOf(rule);
        lock.lock();
        try {
            return drainLocked(rule);
        } finally {
            lock.unlock();
        }
    }

    /** The periodic look at the queue: skipped while this process runs or drains the rule anyway. */
    void poll(ReplicationRule rule) {
        ReentrantLock lock = lockOf(rule);
        if (lock.tryLock()) {
            try {
                drainLocked(rule);
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * One run or drain of a rule at a time in this process, so a run reports everything it copied
     * rather than racing the periodic poll for its own items; replicas are kept apart by the claims.
     */
    private ReentrantLock lockOf(ReplicationRule rule) {
        return locks.computeIfAbsent(rule.name(), name -> new ReentrantLock());
    }

    private RunReport runLocked(ReplicationRule rule) {
        activity.update(rule.name(), a -> a.runStarted(clock.instant()));
        int queued;
        try {
            queued = scan(rule);
        } catch (RemoteFailure | OciException e) {
            String reason = "listing the source failed: " + e.getMessage();
            activity.update(rule.name(), a -> a.failed(new RuleActivity.Failure(clock.instant(), "(scan)", reason))
                    .runFinished(clock.instant()));
            return new RunReport(rule.name(), 0, 0, 0, 0, List.of(reason), queue.backlog(rule.name()));
        }
        RunReport drained = drainLocked(rule);
        activity.update(rule.name(), a -> a.runFinished(clock.instant()));
        return new RunReport(rule.name(), queued, drained.copied(), drained.unchanged(), drained.bytes(),
                drained.failures(), drained.backlog());
    }

    /**
     * Copies the rule's due items until none is left that this replica can claim. Items are read one
     * at a time as workers free up, so a long queue is never held in memory whole.
     */
    private RunReport drainLocked(ReplicationRule rule) {
        AtomicInteger copied = new AtomicInteger();
        AtomicInteger unchanged = new AtomicInteger();
        AtomicLong bytes = new AtomicLong();
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        // Each queued version is tried once per drain: one held elsewhere, or failed, waits for a later drain.
        Set<String> attempted = ConcurrentHashMap.newKeySet();
        int slots = Math.max(1, settings.workers()) * 2;
        Semaphore free = new Semaphore(slots);
        try {
            while (true) {
                AtomicBoolean worked = new AtomicBoolean();
                for (String key : queue.keys(rule.name())) {
                    free.acquire();
                    copiers.execute(() -> {
                        try {
                            queue.item(rule.name(), key)
                                    .filter(queued -> queued.item().isDue(clock.instant()))
                                    .filter(queued -> attempted.add(key + "/" + queued.item().version()))
                                    .ifPresent(queued -> {
                                        worked.set(true);
                                        queue.claim(queued, settings.lease())
                                                .ifPresent(held -> process(rule, held, copied, unchanged, bytes, failures));
                                    });
                        } catch (RuntimeException e) {
                            log.error("replication of an item of rule {} failed unexpectedly", rule.name(), e);
                            failures.add(String.valueOf(e));
                        } finally {
                            free.release();
                        }
                    });
                }
                free.acquire(slots); // the pass is over when every worker gave its slot back
                free.release(slots);
                if (!worked.get()) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new RunReport(rule.name(), 0, copied.get(), unchanged.get(), bytes.get(), List.copyOf(failures),
                queue.backlog(rule.name()));
    }

    private void process(ReplicationRule rule, ItemClaim claim, AtomicInteger copied, AtomicInteger unchanged,
                         AtomicLong bytes, List<String> failures) {
        WorkItem item = claim.item();
        String destinationName = rule.destinationOf(item.repository());
        try {
            if (item.action() == WorkItem.Action.DELETE) {
                // Pushed again since the delete was queued (or copied by another rule in between): it stays.
                if (sourceOf(rule).resolve(item.repository(), item.reference()).isPresent()) {
                    queue.done(claim);
                    unchanged.incrementAndGet();
                    count(rule, "unchanged", 0);
                    return;
                }
                destinationOf(rule).delete(destinationName, item.reference());
                queue.done(claim);
                count(rule, "deleted", 0);
                activity.update(rule.name(), a -> a.copied(0));
                copied.incrementAndGet();
                return;
            }
            ImageCopy copy = new ImageCopy(sourceOf(rule), destinationOf(rule), rule.includeReferrers(), locations,
                    heartbeat(claim));
            ImageCopy.Outcome outcome = copy.copy(item.repository(), destinationName, item.reference());
            queue.done(claim);
            if (outcome.unchanged()) {
                unchanged.incrementAndGet();
                count(rule, "unchanged", 0);
            } else {
                copied.incrementAndGet();
                bytes.addAndGet(outcome.bytes());
                count(rule, "copied", outcome.bytes());
                activity.update(rule.name(), a -> a.copied(outcome.bytes()));
                log.info("replication {}: copied {} to {} ({} bytes, {} blobs sent, {} already there)", rule.name(),
                        item, destinationName, outcome.bytes(), outcome.blobsSent(), outcome.blobsSkipped());
            }
        } catch (LostClaim e) {
            log.warn("replication {}: gave up {}: {}", rule.name(), item, e.getMessage());
        } catch (RemoteFailure | ReplicationFailure | OciException | IllegalArgumentException e) {
            String reason = e.getMessage();
            if (e instanceof ReplicationFailure failure && !failure.mayPassLater()) {
                // Nothing a retry could change (the tag left the source): reported once, then dropped.
                queue.done(claim);
                log.warn("replication {}: {} dropped: {}", rule.name(), item, reason);
            } else {
                Duration wait = backoff(item.attempts());
                queue.failed(claim, reason, clock.instant().plus(wait));
                log.warn("replication {}: {} failed (attempt {}, next in {}): {}", rule.name(), item,
                        item.attempts() + 1, wait, reason);
            }
            failures.add(item + ": " + reason);
            count(rule, "failed", 0);
            activity.update(rule.name(), a -> a.failed(new RuleActivity.Failure(clock.instant(), item.toString(), reason)));
        } catch (RuntimeException e) {
            queue.release(claim);
            throw e;
        }
    }

    /** Keeps the claim alive during a long copy: renewed once half of the lease has passed. */
    private ImageCopy.Heartbeat heartbeat(ItemClaim claim) {
        AtomicLong renewedAt = new AtomicLong(clock.millis());
        return () -> {
            if (clock.millis() - renewedAt.get() > settings.lease().toMillis() / 2) {
                if (!queue.renew(claim, settings.lease())) {
                    throw new LostClaim("another replica took the item over");
                }
                renewedAt.set(clock.millis());
            }
        };
    }

    private Duration backoff(int attempts) {
        Duration wait = settings.retryBackoff().multipliedBy(1L << Math.min(attempts, 20));
        return wait.compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff() : wait;
    }

    private void count(ReplicationRule rule, String outcome, long sent) {
        Counter.builder("berth.replication.items").description("replication items by outcome")
                .tag("rule", rule.name()).tag("outcome", outcome).register(meters).increment();
        if (sent > 0) {
            Counter.builder("berth.replication.sent.bytes").baseUnit("bytes").description("bytes sent to replication destinations")
                    .tag("rule", rule.name()).register(meters).increment(sent);
        }
    }

    private Iterable<String> repositories(ReplicationRule rule, ImageSource source) {
        if (rule.literalRepositories().size() == rule.repositoryGlobs().size()) {
            return rule.literalRepositories(); // named outright: no catalog needed (Docker Hub has none)
        }
        List<String> matching = new ArrayList<>();
        for (String repository : source.repositories()) {
            if (rule.copiesRepository(repository)) {
                matching.add(repository);
            }
        }
        return matching;
    }

    private ImageSource sourceOf(ReplicationRule rule) {
        return rule.direction() == ReplicationRule.Direction.PUSH ? local : new RemoteImages(rule.remote());
    }

    private ImageDestination destinationOf(ReplicationRule rule) {
        return rule.direction() == ReplicationRule.Direction.PUSH ? new RemoteImages(rule.remote()) : local;
    }

    /** Whether a pushed manifest has a subject: a referrer that follows its subject to the destination. */
    boolean isReferrer(String repository, Digest digest) {
        return local.manifest(repository, digest)
                .map(m -> ManifestDocument.parse(m.content()).subject() != null)
                .orElse(false);
    }

    @Override
    public void close() {
        copiers.shutdownNow();
    }

    /** The claim ended while copying: another replica carries on. */
    private static final class LostClaim extends RuntimeException {
        LostClaim(String message) {
            super(message);
        }
    }
}
