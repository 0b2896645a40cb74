package dev.berth.storage.driver.s3;

import dev.berth.storage.driver.ContentMissingException;

/**
 * Pointer objects: published content kept in place. A pointer is a small object at the content's
 * path that lists the segments holding the bytes, all in one upload's area; readers follow it.
 */
final class Pointers {
    private final S3Objects objects;
    private final S3Keys keys;

    Pointers(S3Objects objects, S3Keys keys) {
        this.objects = objects;
        this.keys = keys;
    }

    void write(String key, String area, SegmentList content) {
        objects.put(key, content.encode(keys), StoredObject.pointer(area, content));
    }

    SegmentList read(String key) {
        String text = objects.readText(key).orElseThrow(() -> new ContentMissingException(keys.path(key)));
        return SegmentList.decode(text.lines().toList(), keys);
    }

    /**
     * Removes a pointer and the segments it names. It first becomes a tombstone, which is no longer
     * content, so a crash midway leaves the blob absent rather than pointing at missing bytes, and
     * leaves the tombstone for the next delete of the folder to finish.
     */
    void remove(String key, StoredObject found) {
        if (found.kind() == StoredObject.Kind.POINTER) {
            objects.put(key, "", StoredObject.tombstone(found.area()));
        }
        UploadArea.named(objects, keys, found.area()).deleteAll();
        // Only if still ours: a publish of the same content may have written a new pointer meanwhile.
        if (objects.head(key).map(now -> now.kind() == StoredObject.Kind.TOMBSTONE).orElse(false)) {
            objects.delete(key);
        }
    }
}
