package dev.berth.storage.index;

import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The log entry {@code <cutoff, 13 digits>!<snapshot id>}: snapshot {@code id} holds every change
 * logged before {@code cutoff}. '!' sorts before the '-' of change keys, so the marker stands
 * between the changes it covers and those it does not, even within one millisecond.
 */
record SnapshotMarker(String key, long cutoff, String id) {

    static SnapshotMarker create(long cutoff) {
        String time = String.format("%013d", cutoff);
        String id = time + "-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        return new SnapshotMarker(time + "!" + id, cutoff, id);
    }

    static Optional<SnapshotMarker> parse(String key) {
        if (key.length() != 13 + 1 + 22 || key.charAt(13) != '!') {
            return Optional.empty();
        }
        try {
            return Optional.of(new SnapshotMarker(key, Long.parseLong(key.substring(0, 13)), key.substring(14)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** When the snapshot was started, from its id (snapshot folders without a marker are cleaned up by age). */
    static long createdAt(String id) {
        return Long.parseLong(id.substring(0, 13));
    }
}
