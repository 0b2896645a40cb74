package dev.berth.storage.driver.s3;

import dev.berth.storage.driver.ContentMissingException;
import dev.berth.storage.driver.StorageFailureException;
import java.util.Optional;

/**
 * Publishes appended data without copying a byte: the segments stay where they were written and a
 * pointer at the target names them. The steps, and what a crash after each leaves:
 *
 * <ol>
 *   <li>list the segments;</li>
 *   <li>write a {@link Claim} into the area (crash: no blob; removing the upload later finishes
 *       the publish, see {@link AreaRelease});</li>
 *   <li>list again: a removal that began meanwhile wins (it may be deleting the segments), and
 *       segments that went missing mean nothing is published;</li>
 *   <li>write the pointer: the blob appears, whole (crash: a blob, and an upload whose removal keeps
 *       the segments because the pointer names them);</li>
 *   <li>delete the upload's marker, so the source is gone as the driver contract says;</li>
 *   <li>read the target back: when another replica published the same content at the same moment
 *       and its pointer won, this upload's segments are surplus and go. S3 offers no create-if-absent
 *       that every compatible server honours, so two pointers written within one round trip of
 *       each other can still leave the first one's segments behind, unnamed.</li>
 * </ol>
 */
final class SegmentPublisher {
    private final S3Objects objects;
    private final S3Keys keys;
    private final Pointers pointers;

    SegmentPublisher(S3Objects objects, S3Keys keys, Pointers pointers) {
        this.objects = objects;
        this.keys = keys;
        this.pointers = pointers;
    }

    void publish(String source, String target) {
        UploadArea area = UploadArea.of(objects, keys, source);
        String targetKey = keys.key(target);
        UploadArea.Listing before = area.list();
        if (before.segments().isEmpty()) {
            throw new ContentMissingException(source);
        }
        if (before.cancelled()) {
            throw cancelled(source);
        }
        SegmentList content = new SegmentList(before.segments());
        area.claim(new Claim(target, content));
        UploadArea.Listing after = area.list();
        if (!content.isWithin(after.segments())) {
            area.unclaim();
            throw new ContentMissingException(source);
        }
        Optional<StoredObject> existing = objects.head(targetKey);
        boolean ours = existing.map(found -> found.pointsInto(area.name())).orElse(false);
        if (existing.map(StoredObject::isContent).orElse(false) && !ours) {
            // The same bytes are published already (content-addressed): this copy of them is surplus.
            // Safe even while a removal runs: it finishes a publish only where the target is empty.
            area.deleteAll();
            objects.delete(keys.key(source));
            return;
        }
        if (after.cancelled()) {
            // Left to the removal, which publishes from the claim or deletes, whichever is safe.
            throw cancelled(source);
        }
        if (existing.map(found -> found.kind() == StoredObject.Kind.TOMBSTONE).orElse(false)) {
            pointers.remove(targetKey, existing.get()); // an earlier copy's removal, interrupted
        }
        if (!ours) {
            pointers.write(targetKey, area.name(), content);
        }
        objects.delete(keys.key(source));
        // Last, so that a replica whose check of the target came just before this pointer was
        // written has most likely written its own by now, and one of the two sees it lost.
        boolean lost = objects.head(targetKey).map(found -> found.isContent() && !found.pointsInto(area.name()))
                .orElse(false);
        if (lost) {
            area.deleteAll();
        }
    }

    private static StorageFailureException cancelled(String source) {
        return new StorageFailureException("upload data at " + source + " was removed while being published", null);
    }
}
