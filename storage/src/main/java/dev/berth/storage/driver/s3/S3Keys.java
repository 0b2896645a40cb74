package dev.berth.storage.driver.s3;

/**
 * Turns driver paths into object keys under the configured prefix, and names the area that
 * appended data is kept in: {@code segments/<path>/<start offset, 19 digits>}, one object per
 * commit, so they sort by offset. The area lies outside the upload's folder on purpose: once
 * published, its segments are the blob's content, and deleting the upload folder must not take them.
 */
final class S3Keys {
    private static final String AREAS = "segments/";
    static final String CLAIM = "claim";
    static final String CANCELLED = "cancelled";

    private final String prefix;

    S3Keys(String prefix) {
        this.prefix = prefix.isEmpty() ? "" : prefix + "/";
    }

    String key(String path) {
        return prefix + path;
    }

    /** The driver path of a key under the prefix. */
    String path(String key) {
        return key.substring(prefix.length());
    }

    /** The key prefix of everything inside a folder. */
    String folder(String path) {
        return path.isEmpty() ? prefix : prefix + path + "/";
    }

    /** Key prefix of the area holding the segments appended at {@code path}. */
    String area(String path) {
        return prefix + AREAS + path + "/";
    }

    String segment(String path, long start) {
        return segmentIn(area(path), start);
    }

    static String segmentIn(String area, long start) {
        return area + String.format("%019d", start);
    }

    /** Whether a key inside an area is a segment (named by its offset) rather than a marker. */
    static boolean isSegment(String key) {
        String name = key.substring(key.lastIndexOf('/') + 1);
        return name.length() == 19 && name.chars().allMatch(Character::isDigit);
    }

    static long segmentStart(String segmentKey) {
        return Long.parseLong(segmentKey.substring(segmentKey.lastIndexOf('/') + 1));
    }

    /** Keys as stored inside pointers and claims: relative to the prefix, so a moved store still reads. */
    String relative(String key) {
        return path(key);
    }

    String absolute(String relativeKey) {
        return prefix + relativeKey;
    }
}
