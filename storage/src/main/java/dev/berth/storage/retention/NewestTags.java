package dev.berth.storage.retention;

import dev.berth.oci.Digest;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import java.util.PriorityQueue;

/**
 * The {@code limit} most recently pushed tags seen so far, and nothing more: a walk over a
 * repository of any size holds only these. Offering a tag returns the one that has just fallen out
 * of the newest, which is then certainly not among them.
 */
final class NewestTags {
    record Pushed(String tag, Instant at, Digest digest) {
    }

    // Oldest first, so the head is the one to give up; ties go by name, so runs agree.
    private static final Comparator<Pushed> OLDEST_FIRST = Comparator.comparing(Pushed::at).thenComparing(Pushed::tag);

    private final int limit;
    private final PriorityQueue<Pushed> newest = new PriorityQueue<>(OLDEST_FIRST);

    NewestTags(int limit) {
        this.limit = limit;
    }

    Optional<Pushed> offer(Pushed tag) {
        newest.add(tag);
        return newest.size() > limit ? Optional.of(newest.poll()) : Optional.empty();
    }
}
