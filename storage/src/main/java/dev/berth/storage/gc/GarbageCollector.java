package dev.berth.storage.gc;

import dev.berth.oci.Descriptor;
import dev.berth.oci.Digest;
import dev.berth.oci.Reference;
import dev.berth.oci.RepositoryName;
import dev.berth.oci.Tag;
import dev.berth.storage.RegistryStorage;
import dev.berth.storage.blob.BlobRemoval;
import dev.berth.storage.manifest.ManifestDocument;
import dev.berth.storage.manifest.ManifestStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Online mark and sweep. Marks everything reachable from each repository's tags (or every manifest,
 * unless untagged ones go), then removes unused manifests and blobs while the registry keeps
 * serving. Pushes racing the sweep are safe because nothing relied on within the grace period is
 * removed, and a removal is announced in the store before it happens (see {@link BlobRemoval}).
 */
public final class GarbageCollector {
    private static final int THREADS = 8;
    /** Repositories marked side by side before their marks are folded into the kept set. */
    private static final int BATCH = 64;

    private final RegistryStorage storage;
    private final Consumer<String> progress;

    public GarbageCollector(RegistryStorage storage, Consumer<String> progress) {
        this.storage = storage;
        this.progress = progress;
    }

    public GcReport collect(GcOptions options) {
        Instant started = storage.clock().instant();
        Instant cutoff = started.minus(options.gracePeriod());
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            // Each repository is marked and its unused manifests swept before the next batch, so
            // only the kept digests, 8 bytes each, stay in memory however large the store.
            DigestSet kept = new DigestSet();
            List<String> manifests = Collections.synchronizedList(new ArrayList<>());
            int repositories = 0;
            List<RepositoryName> batch = new ArrayList<>(BATCH);
            for (String repository : storage.catalog().all()) {
                batch.add(RepositoryName.of(repository));
                repositories++;
                if (batch.size() == BATCH) {
                    markAndSweep(pool, batch, options, cutoff, kept, manifests);
                    batch.clear();
                    progress.accept("gc: " + repositories + " repositories marked");
                }
            }
            markAndSweep(pool, batch, options, cutoff, kept, manifests);
            progress.accept("gc: " + repositories + " repositories marked, " + kept.size() + " digests kept");

            List<String> blobs = Collections.synchronizedList(new ArrayList<>());
            AtomicLong bytes = new AtomicLong();
            for (String shard : storage.blobs().shards()) {
                inParallel(pool, storage.blobs().storedIn(shard), digest -> {
                    if (!kept.contains(digest) && sweepBlob(digest, cutoff, options.dryRun(), bytes)) {
                        blobs.add(digest.toString());
                    }
                    return null;
                });
            }
            if (!options.dryRun() && !storage.quotas().quotas().isEmpty()) {
                // The repair of quota usage rides on the walk garbage collection makes anyway.
                storage.quotas().recount();
                progress.accept("gc: quota usage recounted");
            }
            manifests.sort(null);
            blobs.sort(null);
            GcReport report = new GcReport(options.dryRun(), repositories, List.copyOf(manifests),
                    List.copyOf(blobs), bytes.get(),
                    Duration.between(started, storage.clock().instant()));
            progress.accept(report.summary());
            return report;
        } finally {
            pool.shutdown();
        }
    }

    private void markAndSweep(ExecutorService pool, List<RepositoryName> batch, GcOptions options, Instant cutoff,
                              DigestSet kept, List<String> manifests) {
        inParallel(pool, batch, name -> {
            RepositoryMark mark = mark(name, options, cutoff);
            mark.keptContent().forEach(kept::add);
            sweepRepository(mark, cutoff, options.dryRun(), manifests);
            return null;
        });
    }

    private RepositoryMark mark(RepositoryName name, GcOptions options, Instant cutoff) {
        Set<Digest> revisions = new HashSet<>();
        storage.manifests().allRevisions(name).forEach(revisions::add);
        Set<Digest> keptManifests = new HashSet<>();
        Set<Digest> content = new HashSet<>();
        Set<Digest> subjects = options.deleteUntagged() && options.keepReferrers()
                ? storage.manifests().subjectsWithReferrers(name) : Set.of();
        if (options.deleteUntagged()) {
            reach(name, taggedManifests(name), subjects, revisions, keptManifests, content);
            // Only what the tags leave unreached can be spared by recent use: asking that of every
            // revision would cost one more read per manifest (a GET each on S3).
            List<Digest> recentlyUsed = revisions.stream()
                    .filter(revision -> !keptManifests.contains(revision) && usedSince(revision, cutoff))
                    .toList();
            reach(name, recentlyUsed, subjects, revisions, keptManifests, content);
        } else {
            reach(name, revisions, subjects, revisions, keptManifests, content);
        }
        Set<Digest> unusedManifests = new HashSet<>(revisions);
        unusedManifests.removeAll(keptManifests);
        return new RepositoryMark(name, content, unusedManifests);
    }

    /**
     * Marks the manifests reached from {@code roots}, and what they reference, as kept; referrers of
     * the {@code subjects} among them too.
     */
    private void reach(RepositoryName name, Collection<Digest> roots, Set<Digest> subjects, Set<Digest> revisions,
                       Set<Digest> keptManifests, Set<Digest> content) {
        ManifestStore manifests = storage.manifests();
        Deque<Digest> queue = new ArrayDeque<>(roots);
        while (!queue.isEmpty()) {
            Digest manifest = queue.poll();
            if (!revisions.contains(manifest) || !keptManifests.add(manifest)) {
                continue;
            }
            content.add(manifest);
            ManifestDocument document;
            try {
                document = manifests.document(manifest);
            } catch (RuntimeException unreadable) {
                continue; // its content is gone; the integrity check reports such revisions
            }
            for (Descriptor child : document.manifestsOrEmpty()) {
                queue.add(child.parsedDigest());
            }
            if (document.config() != null) {
                content.add(document.config().parsedDigest());
            }
            for (Descriptor layer : document.layersOrEmpty()) {
                content.add(layer.parsedDigest());
            }
            if (subjects.contains(manifest)) {
                queue.addAll(manifests.referrersOf(name, manifest));
            }
        }
    }

    /**
     * Removes the repository's unused manifests. Its links to blobs stay: removing a link a client has
     * just seen would fail that client's push, while a link to a removed blob only answers "unknown",
     * so the client uploads the blob again (the integrity check's repair clears such links).
     */
    private void sweepRepository(RepositoryMark mark, Instant cutoff, boolean dryRun, List<String> removedManifests) {
        if (mark.unusedManifests().isEmpty()) {
            return;
        }
        // Read again now, not at mark time: a manifest tagged since is kept (its push also marked it).
        Set<Digest> tagged = taggedManifests(mark.name());
        for (Digest manifest : mark.unusedManifests()) {
            if (usedSince(manifest, cutoff) || tagged.contains(manifest)) {
                continue;
            }
            if (!dryRun) {
                storage.manifests().delete(mark.name(), new Reference.ByDigest(manifest));
            }
            removedManifests.add(mark.name() + "@" + manifest);
        }
    }

    /** Removes a blob nothing kept references, unless something relied on it within the grace period. */
    private boolean sweepBlob(Digest digest, Instant cutoff, boolean dryRun, AtomicLong bytes) {
        Optional<Instant> lastUsed = storage.blobs().usage().lastUsed(digest);
        OptionalLong size = storage.blobs().size(digest);
        if (lastUsed.isEmpty() && size.isEmpty()) {
            // A folder being created right now (its mark is written first, then its data), or one
            // a stopped sweep left with only its removal mark.
            storage.blobs().removal().clearAbandoned(digest);
            return false;
        }
        if (lastUsed.filter(used -> used.isAfter(cutoff)).isPresent()) {
            return false;
        }
        if (!dryRun && !storage.blobs().removal().removeUnusedSince(digest, cutoff)) {
            return false;
        }
        if (!dryRun) {
            storage.quotas().contentRemoved(digest);
        }
        bytes.addAndGet(size.orElse(0));
        return true;
    }

    private boolean usedSince(Digest digest, Instant cutoff) {
        return storage.blobs().usage().lastUsed(digest).filter(used -> used.isAfter(cutoff)).isPresent();
    }

    private Set<Digest> taggedManifests(RepositoryName name) {
        Set<Digest> tagged = new HashSet<>();
        for (String tag : storage.tags().all(name)) {
            storage.tags().resolve(name, new Tag(tag)).ifPresent(tagged::add);
        }
        return tagged;
    }

    private static <T, R> List<R> inParallel(ExecutorService pool, List<T> items, Function<T, R> work) {
        List<Future<R>> futures = new ArrayList<>(items.size());
        for (T item : items) {
            futures.add(pool.submit(() -> work.apply(item)));
        }
        List<R> results = new ArrayList<>(items.size());
        try {
            for (Future<R> future : futures) {
                results.add(future.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("garbage collection interrupted", e);
        } catch (ExecutionException e) {
            futures.forEach(future -> future.cancel(true));
            throw e.getCause() instanceof RuntimeException runtime ? runtime
                    : new IllegalStateException("garbage collection failed", e.getCause());
        }
        return results;
    }
}
