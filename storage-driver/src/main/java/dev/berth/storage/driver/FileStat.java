package dev.berth.storage.driver;

import java.time.Instant;

/**
 * What a store knows about one file without reading it: its size in bytes and when it was last
 * written (filesystem: its modification time; S3: the object's {@code Last-Modified}; precision is
 * whatever the store keeps, at worst whole seconds). One answer, one request: a HEAD on S3.
 */
public record FileStat(long size, Instant modified) {
}
