package dev.berth.storage.upload;

import java.time.Instant;

/** What the store remembers of an upload between requests: how many bytes are durable, and since when. */
record UploadState(long offset, Instant startedAt) {
}
