package dev.berth.storage.index;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The head of one snapshot of an index: how many names it holds, when a name was last added, and
 * for each chunk its size, file and first name, so a reader finds the chunk a page starts in
 * without reading the others. A chunk no change touched is shared with the snapshot before, so its
 * file may lie in an older snapshot's folder. Snapshots never change once written.
 */
record Snapshot(String id, long count, long lastAdded, List<Chunk> chunks) {
    private static final String FORMAT = "berth-index-snapshot 2";

    /** @param file {@code <snapshot id>/<number>}, relative to the index's snapshots folder */
    record Chunk(int size, String file, String first) {
        String owner() {
            return file.substring(0, file.indexOf('/'));
        }
    }

    static Snapshot empty(String id) {
        return new Snapshot(id, 0, -1, List.of());
    }

    /** The chunk holding the first name after {@code after}, or the number of chunks if none does. */
    int chunkAfter(String after) {
        if (after == null) {
            return 0;
        }
        int low = 0;
        int high = chunks.size() - 1;
        int found = 0;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            if (chunks.get(middle).first().compareTo(after) <= 0) {
                found = middle;
                low = middle + 1;
            } else {
                high = middle - 1;
            }
        }
        return found;
    }

    byte[] encode() {
        StringBuilder text = new StringBuilder(FORMAT).append('\n')
                .append("count ").append(count).append('\n')
                .append("last-added ").append(lastAdded).append('\n');
        for (Chunk chunk : chunks) {
            text.append(chunk.size()).append('\t').append(chunk.file()).append('\t').append(chunk.first()).append('\n');
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    static Snapshot decode(String id, byte[] content) {
        String[] lines = new String(content, StandardCharsets.UTF_8).split("\n");
        if (lines.length < 3 || !lines[0].equals(FORMAT)) {
            throw new IllegalStateException("not an index snapshot head: " + id);
        }
        long count = Long.parseLong(lines[1].substring("count ".length()));
        long lastAdded = Long.parseLong(lines[2].substring("last-added ".length()));
        List<Chunk> chunks = new ArrayList<>();
        for (int i = 3; i < lines.length; i++) {
            String[] fields = lines[i].split("\t", 3);
            chunks.add(new Chunk(Integer.parseInt(fields[0]), fields[1], fields[2]));
        }
        return new Snapshot(id, count, lastAdded, List.copyOf(chunks));
    }
}
