package dev.berth.storage.index;

import dev.berth.storage.Page;
import dev.berth.storage.driver.StorageDriver;
import dev.berth.storage.index.SnapshotFiles.SnapshotGoneException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NavigableMap;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.Map;

/**
 * A set of names (the tags of a repository, its manifests, the repositories of the store) listed
 * in lexical order a page at a time at any size, kept in the store itself so that every replica
 * sharing it sees the same lists at once. No folder of it grows with the set: object stores list
 * a large folder slowly (s3proxy and MinIO on disk read all of it for every page), so a listing
 * must never walk one.
 *
 * <pre>
 * &lt;folder&gt;/log/&lt;millis&gt;-&lt;random&gt;-&lt;+|-&gt;&lt;name&gt;   a name was added or removed
 * &lt;folder&gt;/log/&lt;cutoff&gt;!&lt;id&gt;                    snapshot id holds every change before cutoff
 * &lt;folder&gt;/snapshots/&lt;id&gt;/head, /&lt;n&gt;            the snapshot: sorted names in chunks of 1,000,
 *                                                     unchanged chunks shared with older snapshots
 * </pre>
 *
 * <p>Writers change the truth first (the link that makes a tag exist), then log the change: one
 * small write, no read, no lock. A reader lists the log (small), takes the newest snapshot (cached:
 * snapshots never change) and the changes after it, and asks the truth about each changed name it
 * meets, so a list is exact even when replicas' clocks or writes interleave. Once enough changes
 * pile up, a compaction folds those older than {@link #MARGIN} (by then every write that started
 * before is visible) into a new snapshot, and removes what an older snapshot superseded once no
 * reader can still be on it. Replicas compacting at once each write a complete snapshot; the newest
 * marker wins and nothing is lost, since changes are only removed below a superseded marker.
 */
public final class SortedIndex {
    /** Log entries after which a reader has the index compacted (and pruned). */
    static final int COMPACT_AFTER = 128;
    /**
     * Changes past the margin after which a reader has even a small index folded: until then every
     * count or page asks the truth about each of them (a HEAD each on S3), and an index of a few
     * dozen names may never reach {@link #COMPACT_AFTER}.
     */
    static final int FOLD_AFTER = 4;
    /** A change logged longer ago than this is visible to every reader (see {@link #record}). */
    static final Duration MARGIN = Duration.ofSeconds(5);
    /** How long a superseded snapshot stays readable for readers that chose it just before. */
    static final Duration GRACE = Duration.ofSeconds(10);
    /** Snapshot folders with no marker (a compaction that died) are removed after this long. */
    static final Duration ABANDONED = Duration.ofMinutes(10);

    private final StorageDriver driver;
    private final String folder;
    private final String log;
    private final IndexTruth truth;
    private final Clock clock;
    private final IndexUpkeep upkeep;
    private final SnapshotFiles snapshots;

    public SortedIndex(StorageDriver driver, String folder, IndexTruth truth, Clock clock, IndexCache cache,
                       IndexUpkeep upkeep) {
        this.driver = driver;
        this.folder = folder;
        this.log = folder + "/log";
        this.truth = truth;
        this.clock = clock;
        this.upkeep = upkeep;
        this.snapshots = new SnapshotFiles(driver, folder + "/snapshots", cache);
    }

    String folder() {
        return folder;
    }

    /** Logs that the name was just added; call after the truth says so. */
    public void added(String name) {
        record(name, true);
    }

    /** Logs that the name was just removed; call after the truth says so. */
    public void removed(String name) {
        record(name, false);
    }

    private void record(String name, boolean added) {
        while (true) {
            ChangeKey change = ChangeKey.create(clock.millis(), added, name);
            byte[] content = change.nameInContent() ? name.getBytes(StandardCharsets.UTF_8) : new byte[0];
            driver.write(log + "/" + change.key(), content);
            // A write slower than half the margin might land after a compaction listed the log
            // and passed its time: log the change again, under a time no compaction has passed.
            if (clock.millis() - change.time() < MARGIN.toMillis() / 2) {
                break;
            }
        }
        upkeep.changed(this);
    }

    /** The names after {@code after} (null: from the first), at most {@code limit} of them. */
    public Page<String> page(String after, int limit) {
        return withView(view -> view.page(after, limit));
    }

    /** How many names the index holds. */
    public long count() {
        return withView(View::count);
    }

    /** When a name was last added (for tags: the last push), or empty if not known. */
    public Optional<Instant> lastAdded() {
        return stats().lastAdded();
    }

    /** How many names, and when one was last added, from one listing of the log. */
    public Stats stats() {
        return withView(view -> new Stats(view.count(), view.lastAdded() < 0 ? Optional.empty()
                : Optional.of(Instant.ofEpochMilli(view.lastAdded()))));
    }

    public record Stats(long count, Optional<Instant> lastAdded) {
    }

    /**
     * Every name in order, from one listing of the log and the snapshot's chunks one at a time, so
     * memory stays bounded whatever the size. Should a compaction remove the snapshot during a long
     * walk, the walk goes on from a fresh listing after the last name it gave.
     */
    public Iterable<String> all() {
        return () -> new Iterator<>() {
            private Iterator<String> current;
            private String last;

            @Override
            public boolean hasNext() {
                for (int attempt = 1; ; attempt++) {
                    try {
                        if (current == null) {
                            current = view().names(last);
                        }
                        return current.hasNext();
                    } catch (SnapshotGoneException e) {
                        current = null;
                        if (attempt == 3) {
                            throw e;
                        }
                    }
                }
            }

            @Override
            public String next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                last = current.next();
                return last;
            }
        };
    }

    /** Builds a fresh snapshot from the truth: for a store written before indexes, or a repair. */
    public void rebuild() {
        long cutoff = clock.millis() - MARGIN.toMillis();
        IndexLog entries = readLog();
        rebuild(cutoff, entries, truthSorted());
    }

    /** @param cutoff taken before the truth was walked: changes logged since stay pending */
    private void rebuild(long cutoff, IndexLog entries, TreeSet<String> names) {
        long lastAdded = entries.latest() == null ? -1 : snapshots.head(entries.latest().id()).lastAdded();
        for (ChangeKey change : entries.pending()) {
            if (change.added() && change.time() < cutoff) {
                lastAdded = Math.max(lastAdded, change.time());
            }
        }
        SnapshotMarker marker = SnapshotMarker.create(cutoff);
        snapshots.write(marker.id(), names.iterator(), lastAdded);
        driver.write(log + "/" + marker.key(), new byte[0]);
    }

    private TreeSet<String> truthSorted() {
        TreeSet<String> names = new TreeSet<>();
        truth.all().forEach(names::add);
        return names;
    }

    /** Folds the changes older than the margin into a new snapshot, and prunes what is superseded. */
    public void compact() {
        long listedAt = clock.millis();
        IndexLog entries = readLog();
        SnapshotMarker latest = entries.latest();
        if (latest == null) {
            rebuild();
            return;
        }
        long cutoff = listedAt - MARGIN.toMillis();
        List<ChangeKey> folded = entries.pending().stream().filter(change -> change.time() < cutoff).toList();
        if (!folded.isEmpty()) {
            Snapshot old = snapshots.head(latest.id());
            NavigableMap<String, Boolean> changed = new TreeMap<>();
            long lastAdded = old.lastAdded();
            for (ChangeKey change : named(folded)) {
                changed.computeIfAbsent(change.name(), truth::contains);
                if (change.added()) {
                    lastAdded = Math.max(lastAdded, change.time());
                }
            }
            SnapshotMarker marker = SnapshotMarker.create(cutoff);
            snapshots.writeMerged(marker.id(), old, changed, lastAdded);
            // The new snapshot shares chunks of the one it was built from; those are kept only
            // while no marker newer than that one has settled (see prune). A compaction slower
            // than half the grace period might publish shares already removed: it gives up.
            if (clock.millis() - listedAt >= GRACE.toMillis() / 2) {
                return;
            }
            driver.write(log + "/" + marker.key(), new byte[0]);
        }
        prune(entries, listedAt);
    }

    /**
     * Compacts when the log holds enough entries to slow readers down: pending changes to fold, or
     * changes an earlier compaction folded that only a prune removes.
     */
    void compactIfWorthIt() {
        if (worthCompacting(readLog(), clock.millis())) {
            compact();
        }
    }

    /** The log slows readers: it is long, or it holds enough changes a compaction would fold now. */
    private static boolean worthCompacting(IndexLog entries, long now) {
        if (entries.keys().size() >= COMPACT_AFTER) {
            return true;
        }
        long foldable = entries.pending().stream().filter(change -> change.time() < now - MARGIN.toMillis()).count();
        return foldable >= FOLD_AFTER;
    }

    /**
     * Removes log entries and snapshots below the newest marker that has stood for the grace period:
     * readers take the newest marker, so none can still be working from one older than that.
     */
    private void prune(IndexLog entries, long now) {
        SnapshotMarker settled = null;
        for (SnapshotMarker marker : entries.markers()) {
            if (marker.cutoff() + MARGIN.toMillis() + GRACE.toMillis() <= now) {
                settled = marker;
            }
        }
        if (settled == null) {
            return;
        }
        Set<String> live = new HashSet<>();
        for (String key : entries.keys()) {
            if (key.compareTo(settled.key()) >= 0) {
                SnapshotMarker.parse(key).ifPresent(marker -> live.add(marker.id()));
            } else {
                driver.deleteFile(log + "/" + key);
            }
        }
        Set<String> sharedFiles = new HashSet<>();
        for (String id : live) {
            snapshots.head(id).chunks().forEach(chunk -> sharedFiles.add(chunk.file()));
        }
        Set<String> superseded = new HashSet<>();
        entries.markers().forEach(marker -> superseded.add(marker.id()));
        superseded.removeAll(live);
        Set<String> owners = new HashSet<>();
        sharedFiles.forEach(file -> owners.add(file.substring(0, file.indexOf('/'))));
        for (String id : snapshots.ids()) {
            // An old folder that only holds shared chunks was pruned before: nothing to do there.
            boolean abandoned = !owners.contains(id) && createdBefore(id, now - ABANDONED.toMillis());
            if (!live.contains(id) && (superseded.contains(id) || abandoned)) {
                snapshots.delete(id, sharedFiles);
            }
        }
    }

    private static boolean createdBefore(String id, long time) {
        try {
            return SnapshotMarker.createdAt(id) < time;
        } catch (RuntimeException notOurs) {
            return false;
        }
    }

    private IndexLog readLog() {
        return IndexLog.of(driver.list(log));
    }

    /** Changes with their names, reading the few whose name was too long for their key. */
    private List<ChangeKey> named(List<ChangeKey> changes) {
        List<ChangeKey> named = new ArrayList<>(changes.size());
        for (ChangeKey change : changes) {
            if (change.name() != null) {
                named.add(change);
            } else {
                driver.read(log + "/" + change.key())
                        .ifPresent(content -> named.add(change.withName(new String(content, StandardCharsets.UTF_8))));
            }
        }
        return named;
    }

    private <T> T withView(java.util.function.Function<View, T> read) {
        for (int attempt = 1; ; attempt++) {
            try {
                return read.apply(view());
            } catch (SnapshotGoneException e) {
                if (attempt == 3) {
                    throw e;
                }
            }
        }
    }

    private View view() {
        long listedAt = clock.millis();
        IndexLog entries = readLog();
        SnapshotMarker latest = entries.latest();
        if (latest == null) {
            // Never built: a store from before indexes, or nothing there yet. Asking about a
            // repository that does not exist must not write anything, so an empty truth stays unwritten.
            TreeSet<String> names = truthSorted();
            if (!upkeep.enabled() || names.isEmpty()) {
                return View.of(names, truth);
            }
            rebuild(listedAt - MARGIN.toMillis(), entries, names);
            entries = readLog();
            latest = entries.latest();
            if (latest == null) {
                // The store does not list the marker just written yet (s3proxy under load was seen
                // to): the truth just walked answers this once; the next reader finds the snapshot.
                return View.of(names, truth);
            }
        }
        if (worthCompacting(entries, listedAt)) {
            upkeep.compactSoon(this);
        }
        NavigableMap<String, ChangeKey> pending = new TreeMap<>();
        for (ChangeKey change : named(entries.pending())) {
            pending.put(change.name(), change);
        }
        Snapshot snapshot = snapshots.head(latest.id());
        return new View(after -> snapshots.namesAfter(snapshot, after), name -> snapshots.contains(snapshot, name),
                snapshot.count(), snapshot.lastAdded(), pending, truth);
    }

    /** A snapshot with the changes logged after it, read as one sorted set. */
    private record View(Function<String, Iterator<String>> namesAfter, Predicate<String> inSnapshot, long snapshotCount,
                        long snapshotLastAdded, NavigableMap<String, ChangeKey> pending, IndexTruth truth) {

        /** No snapshot, and none written (read-only, or nothing there): the truth itself, sorted, stands in. */
        static View of(TreeSet<String> names, IndexTruth truth) {
            return new View(after -> (after == null ? names : names.tailSet(after, false)).iterator(), names::contains,
                    names.size(), -1, new TreeMap<>(), truth);
        }

        Iterator<String> names(String after) {
            return new Merged(namesAfter.apply(after), pending, memoized(truth::contains), after);
        }

        Page<String> page(String after, int limit) {
            Iterator<String> names = names(after);
            List<String> items = new ArrayList<>(Math.min(limit, 1000));
            while (items.size() < limit && names.hasNext()) {
                items.add(names.next());
            }
            return new Page<>(items, names.hasNext());
        }

        long count() {
            long count = snapshotCount;
            for (String name : pending.keySet()) {
                count += (truth.contains(name) ? 1 : 0) - (inSnapshot.test(name) ? 1 : 0);
            }
            return count;
        }

        long lastAdded() {
            long last = snapshotLastAdded;
            for (ChangeKey change : pending.values()) {
                if (change.added()) {
                    last = Math.max(last, change.time());
                }
            }
            return last;
        }

        private static Predicate<String> memoized(Predicate<String> question) {
            Map<String, Boolean> answers = new HashMap<>();
            return name -> answers.computeIfAbsent(name, question::test);
        }
    }
}
