package dev.berth.storage.upload;

import java.time.Instant;

/** What the store remembers of an upload between requests: how far it got and the hash so far. */
record UploadState(long offset, byte[] hashState, Instant startedAt) {
}
