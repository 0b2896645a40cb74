package dev.berth.storage.driver.s3;

import java.util.ArrayList;
import java.util.List;

/**
 * The segments that hold a piece of content, in order: the body of pointers and claims. One line
 * per segment, {@code <size> <key relative to the prefix>}, after a header naming the format.
 */
record SegmentList(List<Segment> segments) {
    private static final String HEADER = "berth-segments v1";

    SegmentList {
        segments = List.copyOf(segments);
    }

    long size() {
        return segments.stream().mapToLong(Segment::size).sum();
    }

    boolean isWithin(List<Segment> present) {
        return present.containsAll(segments);
    }

    String encode(S3Keys keys) {
        StringBuilder text = new StringBuilder(HEADER).append('\n');
        for (Segment segment : segments) {
            text.append(segment.size()).append(' ').append(keys.relative(segment.key())).append('\n');
        }
        return text.toString();
    }

    static SegmentList decode(List<String> lines, S3Keys keys) {
        if (lines.isEmpty() || !HEADER.equals(lines.get(0))) {
            throw new IllegalStateException("not a segment list: " + (lines.isEmpty() ? "empty" : lines.get(0)));
        }
        List<Segment> segments = new ArrayList<>();
        long start = 0;
        for (String line : lines.subList(1, lines.size())) {
            if (line.isEmpty()) {
                continue;
            }
            int space = line.indexOf(' ');
            long size = Long.parseLong(line.substring(0, space));
            segments.add(new Segment(keys.absolute(line.substring(space + 1)), start, size));
            start += size;
        }
        return new SegmentList(segments);
    }
}
