package dev.berth.registry.replication;

import dev.berth.oci.Descriptor;
import dev.berth.oci.Digest;
import dev.berth.oci.Reference;
import dev.berth.storage.manifest.ManifestDocument;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Copies one tag or digest from a source to a destination, bottom up: every blob, then each child
 * manifest of an index, then the manifest by digest, and the tag last, so a client at the
 * destination never sees a tag whose content is incomplete. What the destination has is skipped
 * (a tag that did not move costs one HEAD), blobs known in another of its repositories are mounted,
 * and everything is checked against its digest on the way.
 */
final class ImageCopy {

    /** What one copy did. */
    record Outcome(boolean unchanged, long bytes, int blobsSent, int blobsSkipped) {
    }

    /** Called between steps of a long copy and as blob bytes pass, to keep the claim on the item alive; cheap until a renewal is due. */
    interface Heartbeat {
        void beat();
    }

    private final ImageSource source;
    private final ImageDestination destination;
    private final boolean includeReferrers;
    private final BlobLocations locations;
    private final Heartbeat heartbeat;
    private final Set<Digest> copiedManifests = new HashSet<>();
    private long bytes;
    private int blobsSent;
    private int blobsSkipped;

    ImageCopy(ImageSource source, ImageDestination destination, boolean includeReferrers, BlobLocations locations,
              Heartbeat heartbeat) {
        this.source = source;
        this.destination = destination;
        this.includeReferrers = includeReferrers;
        this.locations = locations;
        this.heartbeat = heartbeat;
    }

    Outcome copy(String from, String to, String reference) {
        Digest top = source.resolve(from, reference).orElseThrow(() -> new ReplicationFailure(
                from + ":" + reference + " is not at the source (any more)", false));
        boolean tag = Reference.parse(reference) instanceof Reference.ByTag;
        if (destination.resolve(to, tag ? reference : top.toString()).filter(top::equals).isPresent()) {
            return new Outcome(true, 0, 0, 0);
        }
        ImageSource.Manifest manifest = copyManifest(from, to, top);
        if (tag) {
            destination.putManifest(to, reference, manifest.contentType(), manifest.content());
            bytes += manifest.content().length;
        }
        return new Outcome(false, bytes, blobsSent, blobsSkipped);
    }

    /** Copies a manifest and all it names, unless the destination has it; returns its content. */
    private ImageSource.Manifest copyManifest(String from, String to, Digest digest) {
        ImageSource.Manifest manifest = fetch(from, digest);
        if (!copiedManifests.add(digest)) {
            return manifest;
        }
        ManifestDocument document = ManifestDocument.parse(manifest.content());
        if (destination.resolve(to, digest.toString()).isEmpty()) {
            if (document.isIndex()) {
                for (Descriptor child : document.manifestsOrEmpty()) {
                    copyManifest(from, to, child.parsedDigest());
                }
            } else {
                List<Descriptor> blobs = new ArrayList<>();
                Optional.ofNullable(document.config()).ifPresent(blobs::add);
                blobs.addAll(document.layersOrEmpty());
                for (Descriptor blob : blobs) {
                    copyBlob(from, to, blob);
                }
            }
            heartbeat.beat();
            destination.putManifest(to, digest.toString(), manifest.contentType(), manifest.content());
            bytes += manifest.content().length;
        }
        if (includeReferrers) {
            for (Digest referrer : source.referrers(from, digest)) {
                copyManifest(from, to, referrer);
            }
        }
        return manifest;
    }

    private ImageSource.Manifest fetch(String repository, Digest digest) {
        ImageSource.Manifest manifest = source.manifest(repository, digest).orElseThrow(() -> new ReplicationFailure(
                repository + "@" + digest + " is not at the source", true)); // a child may still be on its way there
        Digest actual = digest.digestAlgorithm().digest(manifest.content());
        if (!actual.equals(digest)) {
            throw new ReplicationFailure("the source sent content digesting to " + actual + " for manifest " + digest, true);
        }
        String type = manifest.contentType() != null && !manifest.contentType().isBlank()
                ? manifest.contentType() : ManifestDocument.parse(manifest.content()).effectiveMediaType();
        return new ImageSource.Manifest(manifest.content(), type);
    }

    private void copyBlob(String from, String to, Descriptor blob) {
        Digest digest = blob.parsedDigest();
        if (destination.hasBlob(to, digest)) {
            blobsSkipped++;
            locations.remember(digest, to);
            return;
        }
        if (destination.mount(to, digest, locations.where(digest, to))) {
            blobsSkipped++;
            locations.remember(digest, to);
            return;
        }
        heartbeat.beat();
        long size = blob.size() == null ? -1 : blob.size();
        if (size < 0) {
            throw new ReplicationFailure("blob " + digest + " has no size in its manifest", false);
        }
        destination.putBlob(to, digest, size, () -> {
            InputStream in = source.openBlob(from, digest);
            return new VerifiedStream(in, digest, size, heartbeat);
        });
        locations.remember(digest, to);
        bytes += size;
        blobsSent++;
    }
}
