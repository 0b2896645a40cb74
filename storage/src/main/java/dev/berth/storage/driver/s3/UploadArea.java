package dev.berth.storage.driver.s3;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The segment area of the data appended at one path: its segments, and the two markers that let a
 * publish and a removal of the same upload run at once without either leaving a blob that points
 * at deleted segments. Each side writes its marker first and then lists the area: of two such
 * writes, the later one's list sees the earlier marker, so at least one side learns of the other
 * (see {@link SegmentPublisher} and {@link AreaRelease}).
 */
final class UploadArea {
    private final S3Objects objects;
    private final S3Keys keys;
    private final String prefix;

    private UploadArea(S3Objects objects, S3Keys keys, String prefix) {
        this.objects = objects;
        this.keys = keys;
        this.prefix = prefix;
    }

    /** The area of the data appended at {@code path}. */
    static UploadArea of(S3Objects objects, S3Keys keys, String path) {
        return new UploadArea(objects, keys, keys.area(path));
    }

    /** The area a pointer or tombstone names. */
    static UploadArea named(S3Objects objects, S3Keys keys, String name) {
        return new UploadArea(objects, keys, keys.absolute(name));
    }

    /** The area as the pointers name it: its key prefix, relative to the store's prefix. */
    String name() {
        return keys.relative(prefix);
    }

    Listing list() {
        List<Segment> segments = new ArrayList<>();
        boolean claimed = false;
        boolean cancelled = false;
        for (S3Object object : objects.list(prefix)) {
            String key = object.key();
            if (S3Keys.isSegment(key)) {
                segments.add(new Segment(key, S3Keys.segmentStart(key), object.size()));
            } else if (key.equals(prefix + S3Keys.CLAIM)) {
                claimed = true;
            } else if (key.equals(prefix + S3Keys.CANCELLED)) {
                cancelled = true;
            }
        }
        segments.sort(Comparator.comparingLong(Segment::start));
        return new Listing(segments, claimed, cancelled);
    }

    void claim(Claim claim) {
        objects.put(prefix + S3Keys.CLAIM, claim.encode(keys), Map.of());
    }

    /** The claim, if one is there and readable (one torn by nothing: S3 writes objects whole). */
    Optional<Claim> claim() {
        return objects.readText(prefix + S3Keys.CLAIM).map(text -> Claim.decode(text, keys));
    }

    void unclaim() {
        objects.delete(prefix + S3Keys.CLAIM);
    }

    void cancel() {
        objects.put(prefix + S3Keys.CANCELLED, "", Map.of());
    }

    void uncancel() {
        objects.delete(prefix + S3Keys.CANCELLED);
    }

    void deleteSegment(String key) {
        objects.delete(key);
    }

    /**
     * Deletes everything in the area: segments first and the claim last, so a crash midway leaves
     * a claim whose segments are incomplete, which nobody publishes (see {@link SegmentList#isWithin}),
     * never segments without the marker that explains them. Then once more, for a claim a publish
     * that is about to give up wrote meanwhile.
     */
    void deleteAll() {
        objects.abortUploadsUnder(prefix);
        for (int pass = 0; pass < 2; pass++) {
            List<String> rest = new ArrayList<>();
            for (S3Object object : objects.list(prefix)) {
                if (S3Keys.isSegment(object.key())) {
                    objects.delete(object.key());
                } else {
                    rest.add(object.key());
                }
            }
            rest.sort(Comparator.comparing(key -> key.endsWith(S3Keys.CLAIM)));
            rest.forEach(objects::delete);
        }
    }

    record Listing(List<Segment> segments, boolean claimed, boolean cancelled) {
        long size() {
            return segments.stream().mapToLong(Segment::size).sum();
        }

        boolean isEmpty() {
            return segments.isEmpty() && !claimed && !cancelled;
        }
    }
}
