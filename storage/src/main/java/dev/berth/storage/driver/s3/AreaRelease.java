package dev.berth.storage.driver.s3;

import java.util.Optional;

/**
 * Removes the data appended at a path (an upload cancelled, abandoned, failed, or superseded),
 * without ever taking segments that a blob names or is about to name. It marks the area cancelled
 * first and then lists it; a publish claims first and then lists (see {@link SegmentPublisher}).
 * So either this list sees the claim, or the publish's list sees the mark and publishes nothing.
 *
 * <ul>
 *   <li>no claim: no blob names the segments and none will; they go.</li>
 *   <li>a claim, and the target's pointer names this area: published; the segments stay.</li>
 *   <li>a claim, and nothing at the target: a publish is in flight or died after its claim; the
 *       digest was verified before the claim, so this removal finishes it by writing the same
 *       pointer, and keeps the segments.</li>
 *   <li>a claim, and other content at the target: the same bytes were published from another
 *       upload. A publish of this one still in flight sees that too and deletes its own segments;
 *       one that died here leaves them (the one case that can leave surplus bytes behind).</li>
 * </ul>
 */
final class AreaRelease {
    private final S3Objects objects;
    private final S3Keys keys;
    private final Pointers pointers;

    AreaRelease(S3Objects objects, S3Keys keys, Pointers pointers) {
        this.objects = objects;
        this.keys = keys;
        this.pointers = pointers;
    }

    void release(String path) {
        UploadArea area = UploadArea.of(objects, keys, path);
        objects.abortUploadsUnder(keys.area(path));
        if (area.list().isEmpty()) {
            return;
        }
        area.cancel();
        UploadArea.Listing listing = area.list();
        Optional<Claim> claim = listing.claimed() ? area.claim() : Optional.empty();
        if (claim.isEmpty()) {
            area.deleteAll();
            return;
        }
        String target = keys.key(claim.get().target());
        Optional<StoredObject> found = objects.head(target);
        if (found.map(StoredObject::isContent).orElse(false)) {
            area.uncancel(); // published here or elsewhere: the segments are not this removal's to take
            return;
        }
        SegmentList content = claim.get().content();
        if (!content.isWithin(listing.segments())) {
            area.deleteAll(); // a claim whose segments are already going: nothing can be published from it
            return;
        }
        Optional<StoredObject> tombstone = found.filter(object -> object.kind() == StoredObject.Kind.TOMBSTONE);
        if (tombstone.isPresent()) {
            if (area.name().equals(tombstone.get().area())) {
                area.deleteAll(); // this very content is being removed (garbage collection)
                return;
            }
            pointers.remove(target, tombstone.get()); // an earlier copy's removal, interrupted
        }
        pointers.write(target, area.name(), content);
        area.uncancel();
    }
}
