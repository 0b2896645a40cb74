package dev.berth.storage.driver.s3;

import java.util.List;

/**
 * Written into an upload's segment area before its pointer is: "these segments are being published
 * at {@code target}". Whoever later removes the upload finds it and finishes the publish instead of
 * deleting bytes a blob may already name.
 */
record Claim(String target, SegmentList content) {
    private static final String TARGET = "target ";

    String encode(S3Keys keys) {
        return TARGET + target + "\n" + content.encode(keys);
    }

    static Claim decode(String text, S3Keys keys) {
        List<String> lines = text.lines().toList();
        if (lines.isEmpty() || !lines.get(0).startsWith(TARGET)) {
            throw new IllegalStateException("not a claim");
        }
        return new Claim(lines.get(0).substring(TARGET.length()), SegmentList.decode(lines.subList(1, lines.size()), keys));
    }
}
