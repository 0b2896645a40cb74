package dev.berth.registry.replication;

import dev.berth.oci.Digest;
import dev.berth.oci.Reference;
import dev.berth.oci.RepositoryName;
import dev.berth.registry.content.ContentChange;
import java.util.ArrayList;
import java.util.List;

/**
 * A manifest pushed, or a manifest or tag deleted, here: what an on-push rule queues.
 *
 * @param digest the manifest pushed; null for a delete by tag
 */
public record ManifestChanged(RepositoryName name, Reference reference, Digest digest, boolean deleted) {

    /**
     * The manifests a content change pushed or deleted. Content a pull rule brought in is left out,
     * so two sites replicating to each other do not copy back and forth.
     */
    static List<ManifestChanged> of(ContentChange change) {
        List<ManifestChanged> changes = new ArrayList<>();
        if (change instanceof ContentChange.ManifestPushed push) {
            Digest digest = push.pushed().digest();
            changes.add(new ManifestChanged(push.name(), push.reference(), digest, false));
            push.moreTags().forEach(tag -> changes.add(new ManifestChanged(push.name(), new Reference.ByTag(tag), digest, false)));
        } else if (change instanceof ContentChange.ManifestDeleted delete) {
            Digest digest = delete.reference() instanceof Reference.ByDigest byDigest ? byDigest.digest() : null;
            changes.add(new ManifestChanged(delete.name(), delete.reference(), digest, true));
        } else if (change instanceof ContentChange.RepositoryDeleted delete) {
            delete.manifests().forEach(digest ->
                    changes.add(new ManifestChanged(delete.name(), new Reference.ByDigest(digest), digest, true)));
        }
        return changes;
    }
}
