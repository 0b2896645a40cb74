package dev.berth.storage.index;

import java.util.ArrayList;
import java.util.List;

/**
 * One listing of an index's log, sorted: the snapshot markers and the changes logged after the
 * newest marker, which a reader applies on top of that snapshot.
 */
record IndexLog(List<String> keys, List<SnapshotMarker> markers, List<ChangeKey> pending) {

    static IndexLog of(List<String> names) {
        List<String> keys = new ArrayList<>(names);
        keys.sort(null);
        List<SnapshotMarker> markers = new ArrayList<>();
        int afterLatest = 0;
        for (int i = 0; i < keys.size(); i++) {
            var marker = SnapshotMarker.parse(keys.get(i));
            if (marker.isPresent()) {
                markers.add(marker.get());
                afterLatest = i + 1;
            }
        }
        List<ChangeKey> pending = new ArrayList<>();
        for (String key : keys.subList(afterLatest, keys.size())) {
            ChangeKey.parse(key).ifPresent(pending::add);
        }
        return new IndexLog(List.copyOf(keys), List.copyOf(markers), List.copyOf(pending));
    }

    /** The newest snapshot, or null when the index was never built. */
    SnapshotMarker latest() {
        return markers.isEmpty() ? null : markers.get(markers.size() - 1);
    }
}
