package dev.berth.registry.events;

import dev.berth.oci.Digest;
import dev.berth.oci.Reference;
import dev.berth.oci.RepositoryName;

/**
 * A manifest pushed, or a manifest or tag deleted, through the API: announced inside the
 * application (replication's on-push rules listen) whether or not a webhook wants it.
 *
 * @param digest the manifest pushed; null for a delete by tag
 */
public record ManifestChanged(RepositoryName name, Reference reference, Digest digest, boolean deleted) {
}
