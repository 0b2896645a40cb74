package dev.berth.storage.upload;

import dev.berth.storage.UploadId;

/** An upload session as a client sees it: its id and how many bytes it holds. */
public record UploadStatus(UploadId id, long offset) {
}
