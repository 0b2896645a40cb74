package dev.berth.registry.content;

import dev.berth.oci.OciException;
import dev.berth.storage.manifest.StoredManifest;
import java.util.List;

/** What a {@link ManifestSource} found for a manifest read. */
public sealed interface ManifestReply {

    /** The manifest, with warnings for the client (a mirror serving a tag it could not refresh). */
    record Found(StoredManifest manifest, List<String> warnings) implements ManifestReply {
    }

    /** Not here: {@code reason} is the error the client gets. */
    record Missing(OciException reason) implements ManifestReply {
    }
}
