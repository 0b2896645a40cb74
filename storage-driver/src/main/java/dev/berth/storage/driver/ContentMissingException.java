package dev.berth.storage.driver;

/** A file the caller expected is not in the store (deleted meanwhile, or never written). */
public class ContentMissingException extends StorageFailureException {
    public ContentMissingException(String path) {
        super("no content at " + path, null);
    }
}
