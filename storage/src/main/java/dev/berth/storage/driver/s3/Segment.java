package dev.berth.storage.driver.s3;

/** One object holding bytes {@code [start, start + size)} of a larger piece of content. */
record Segment(String key, long start, long size) {

    long end() {
        return start + size;
    }
}
