package dev.berth.storage.driver.s3;

/**
 * Turns driver paths into object keys under the configured prefix, and names the segments that
 * appended data is kept in: {@code <path>/~seg/<start offset, 19 digits>}, so they sort by offset.
 */
final class S3Keys {
    private static final String SEGMENTS = "/~seg/";

    private final String prefix;

    S3Keys(String prefix) {
        this.prefix = prefix.isEmpty() ? "" : prefix + "/";
    }

    String key(String path) {
        return prefix + path;
    }

    /** The key prefix of everything inside a folder. */
    String folder(String path) {
        return path.isEmpty() ? prefix : prefix + path + "/";
    }

    String segmentPrefix(String path) {
        return prefix + path + SEGMENTS;
    }

    String segment(String path, long start) {
        return segmentPrefix(path) + String.format("%019d", start);
    }

    static long segmentStart(String segmentKey) {
        return Long.parseLong(segmentKey.substring(segmentKey.lastIndexOf('/') + 1));
    }
}
