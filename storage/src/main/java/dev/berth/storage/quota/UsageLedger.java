package dev.berth.storage.quota;

import dev.berth.storage.driver.StorageDriver;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A byte total kept in the store so that every replica sharing it reads the same figure, without a
 * lock or an atomic increment (S3 has neither). As {@code SortedIndex} does for names: each change is
 * one small object whose key carries it, and a compaction folds old changes into a total marker.
 *
 * <pre>
 * &lt;folder&gt;/&lt;millis&gt;-&lt;random&gt;&lt;p|m&gt;&lt;bytes&gt;   a change, plus or minus (empty object; the key is the change)
 * &lt;folder&gt;/&lt;cutoff&gt;!&lt;random&gt;                 the total of every change before cutoff (content: the bytes)
 * </pre>
 *
 * <p>Reading costs one listing of the folder (kept short by compaction) and one small read. Keys sort
 * by time, and '!' sorts before '-', so a marker precedes the changes logged at or after its cutoff.
 * The sign is a letter: '+' in a key is read as a space by some S3-compatible servers.
 */
final class UsageLedger {
    /** Changes after which a writer compacts the ledger. */
    static final int COMPACT_AFTER = 64;
    /** A change logged longer ago than this is visible to every lister (a slower write may be lost; a recount repairs it). */
    static final Duration MARGIN = Duration.ofSeconds(5);
    /** How long a superseded marker stays readable for readers that listed it just before. */
    static final Duration GRACE = Duration.ofSeconds(10);
    private static final int READ_ATTEMPTS = 3;

    private final StorageDriver driver;
    private final String folder;
    private final Clock clock;

    UsageLedger(StorageDriver driver, String folder, Clock clock) {
        this.driver = driver;
        this.folder = folder;
        this.clock = clock;
    }

    /** Logs a change of the total; one write, no read. */
    void record(long delta) {
        if (delta == 0) {
            return;
        }
        String key = String.format("%013d-%08x%s%d", clock.millis(), ThreadLocalRandom.current().nextInt(),
                delta > 0 ? "p" : "m", Math.abs(delta));
        driver.write(folder + "/" + key, new byte[0]);
    }

    /** Whether a total was ever established (by a count of what the scope holds). */
    boolean isCounted() {
        return read().marker().isPresent();
    }

    /** The current total: the newest marker plus the changes logged after it. */
    long total() {
        return read().total();
    }

    /** How many changes wait to be folded: a writer compacts once there are many. */
    int pending() {
        return read().changes().size();
    }

    /**
     * Replaces the total with a fresh count, taken while changes may still have been logged: those
     * logged after {@code countedAt} stay on top of it.
     */
    void reset(long total, long countedAt) {
        Entries entries = read();
        long cutoff = Math.max(countedAt, entries.marker().map(m -> m.cutoff() + 1).orElse(countedAt));
        writeMarker(cutoff, total);
    }

    /** Folds changes older than the margin into a new marker and removes what settled markers superseded. */
    void compact() {
        long listedAt = clock.millis();
        Entries entries = read();
        long cutoff = listedAt - MARGIN.toMillis();
        long folded = 0;
        boolean any = false;
        for (Change change : entries.changes()) {
            if (change.time() < cutoff) {
                folded += change.delta();
                any = true;
            }
        }
        if (any && entries.marker().map(m -> m.cutoff() < cutoff).orElse(true)) {
            writeMarker(cutoff, entries.base() + folded);
        }
        prune(entries.keys(), listedAt);
    }

    private void writeMarker(long cutoff, long total) {
        String key = String.format("%013d!%08x", cutoff, ThreadLocalRandom.current().nextInt());
        driver.write(folder + "/" + key, Long.toString(total).getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * Removes every key below the newest marker that has stood for the margin and the grace period:
     * readers take the newest marker, so by then none is still reading an older one.
     */
    private void prune(List<String> keys, long now) {
        String settled = null;
        for (String key : keys) {
            Optional<Marker> marker = Marker.parse(key);
            if (marker.isPresent() && marker.get().cutoff() + MARGIN.toMillis() + GRACE.toMillis() <= now) {
                settled = key;
            }
        }
        if (settled == null) {
            return;
        }
        for (String key : keys) {
            if (key.compareTo(settled) < 0) {
                driver.deleteFile(folder + "/" + key);
            }
        }
    }

    private Entries read() {
        for (int attempt = 1; ; attempt++) {
            List<String> keys = new ArrayList<>(driver.list(folder));
            keys.sort(null);
            int latest = -1;
            for (int i = 0; i < keys.size(); i++) {
                if (Marker.parse(keys.get(i)).isPresent()) {
                    latest = i;
                }
            }
            List<Change> changes = new ArrayList<>();
            for (String key : keys.subList(latest + 1, keys.size())) {
                Change.parse(key).ifPresent(changes::add);
            }
            if (latest < 0) {
                return new Entries(keys, Optional.empty(), 0, changes);
            }
            Marker marker = Marker.parse(keys.get(latest)).orElseThrow();
            Optional<byte[]> content = driver.read(folder + "/" + keys.get(latest));
            if (content.isPresent()) {
                long base = Long.parseLong(new String(content.get(), StandardCharsets.US_ASCII).trim());
                return new Entries(keys, Optional.of(marker), base, changes);
            }
            // Pruned between listing and reading: a newer marker exists, list again.
            if (attempt == READ_ATTEMPTS) {
                throw new IllegalStateException("usage total under " + folder + " kept changing while read");
            }
        }
    }

    private record Entries(List<String> keys, Optional<Marker> marker, long base, List<Change> changes) {
        long total() {
            return base + changes.stream().mapToLong(Change::delta).sum();
        }
    }

    private record Marker(long cutoff) {
        static Optional<Marker> parse(String key) {
            int bang = key.indexOf('!');
            if (bang != 13) {
                return Optional.empty();
            }
            try {
                return Optional.of(new Marker(Long.parseLong(key.substring(0, bang))));
            } catch (NumberFormatException notOurs) {
                return Optional.empty();
            }
        }
    }

    private record Change(long time, long delta) {
        static Optional<Change> parse(String key) {
            // <13 digits>-<8 hex><p|m><digits>
            if (key.length() < 24 || key.charAt(13) != '-') {
                return Optional.empty();
            }
            char sign = key.charAt(22);
            if (sign != 'p' && sign != 'm') {
                return Optional.empty();
            }
            try {
                long time = Long.parseLong(key.substring(0, 13));
                long bytes = Long.parseLong(key.substring(23));
                return Optional.of(new Change(time, sign == 'p' ? bytes : -bytes));
            } catch (NumberFormatException notOurs) {
                return Optional.empty();
            }
        }
    }
}
