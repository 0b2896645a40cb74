package dev.berth.registry.mirror;

import dev.berth.oci.Digest;
import dev.berth.oci.OciException;
import dev.berth.oci.Reference;
import dev.berth.storage.RegistryStorage;

/** Stores manifests fetched from an upstream; what the store refuses (wrong digest, malformed) is the upstream's fault. */
final class CachedManifests {
    private CachedManifests() {
    }

    static Digest put(RegistryStorage storage, MirroredRepository repository, Reference reference,
                      UpstreamClient.Manifest manifest) {
        try {
            return storage.manifests().putCached(repository.local(), reference, manifest.contentType(), manifest.content());
        } catch (OciException refused) {
            throw new UpstreamFailure(UpstreamFailure.Kind.BAD_CONTENT, "upstream " + repository.upstream().name()
                    + " sent an unusable manifest for " + repository.remote() + " " + reference + ": "
                    + refused.getMessage() + "; nothing was stored");
        }
    }
}
