package dev.berth.storage.driver.s3;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * What an object at a driver path holds, told by the user metadata the driver set when it wrote it
 * (clients cannot set it, so no pushed bytes can pass for a pointer). Objects without it are plain
 * content: small files, and blobs as stores written before pointers keep them.
 *
 * @param size  bytes of the content it stands for (a pointer's is the sum of its segments)
 * @param area  key of the segment area, relative to the prefix, for pointers, markers and tombstones
 */
record StoredObject(Kind kind, long size, Instant modified, String area, int segments) {
    static final String KIND = "berth-kind";
    static final String SIZE = "berth-size";
    static final String AREA = "berth-area";
    static final String SEGMENTS = "berth-segments";

    enum Kind {
        /** The object's own bytes are the content. */
        PLAIN,
        /** Published content: the object lists the segments that hold it. */
        POINTER,
        /** Data being appended (an upload in progress); its segments are in the area. */
        APPENDED,
        /** A pointer whose removal began: no longer content, kept until its segments are gone. */
        TOMBSTONE
    }

    static StoredObject of(long contentLength, Instant modified, Map<String, String> metadata) {
        String kind = metadata.get(KIND);
        if (kind == null) {
            return new StoredObject(Kind.PLAIN, contentLength, modified, null, 1);
        }
        Kind parsed = switch (kind) {
            case "pointer" -> Kind.POINTER;
            case "appended" -> Kind.APPENDED;
            case "tombstone" -> Kind.TOMBSTONE;
            default -> throw new IllegalStateException("object of unknown kind " + kind);
        };
        long size = Optional.ofNullable(metadata.get(SIZE)).map(Long::parseLong).orElse(0L);
        int segments = Optional.ofNullable(metadata.get(SEGMENTS)).map(Integer::parseInt).orElse(0);
        return new StoredObject(parsed, size, modified, metadata.get(AREA), segments);
    }

    static Map<String, String> pointer(String area, SegmentList content) {
        return Map.of(KIND, "pointer", AREA, area, SIZE, Long.toString(content.size()),
                SEGMENTS, Integer.toString(content.segments().size()));
    }

    static Map<String, String> appended(String area) {
        return Map.of(KIND, "appended", AREA, area);
    }

    static Map<String, String> tombstone(String area) {
        return Map.of(KIND, "tombstone", AREA, area);
    }

    /** Whether the object stands for content a reader may see. */
    boolean isContent() {
        return kind == Kind.PLAIN || kind == Kind.POINTER;
    }

    boolean pointsInto(String relativeArea) {
        return kind == Kind.POINTER && relativeArea.equals(area);
    }
}
