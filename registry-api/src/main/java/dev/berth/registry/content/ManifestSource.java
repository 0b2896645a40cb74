package dev.berth.registry.content;

import dev.berth.oci.Reference;
import dev.berth.oci.RepositoryName;
import dev.berth.storage.manifest.StoredManifest;

/**
 * Where a manifest read comes from: {@link LocalManifestSource} answers from the store; the
 * pull-through mirror's source keeps tags fresh and fetches missing digests from its upstream
 * first. The manifest endpoint renders what it is given.
 */
public interface ManifestSource {

    ManifestReply open(RepositoryName name, Reference reference);

    /** The manifest was answered to a {@code GET} or {@code HEAD}: a read is a use, for expiry and retention. */
    void served(RepositoryName name, Reference reference, StoredManifest manifest);
}
