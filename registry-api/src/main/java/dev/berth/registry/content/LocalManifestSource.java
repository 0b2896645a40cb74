package dev.berth.registry.content;

import dev.berth.oci.ErrorCode;
import dev.berth.oci.OciException;
import dev.berth.oci.Reference;
import dev.berth.oci.RepositoryName;
import dev.berth.storage.RegistryStorage;
import dev.berth.storage.manifest.StoredManifest;
import java.util.List;
import org.springframework.stereotype.Component;

/** Manifests as the store holds them. */
@Component
public class LocalManifestSource implements ManifestSource {
    private final RegistryStorage storage;

    public LocalManifestSource(RegistryStorage storage) {
        this.storage = storage;
    }

    @Override
    public ManifestReply open(RepositoryName name, Reference reference) {
        try {
            return new ManifestReply.Found(storage.manifests().get(name, reference), List.of());
        } catch (OciException unknown) {
            if (unknown.code() != ErrorCode.MANIFEST_UNKNOWN) {
                throw unknown;
            }
            return new ManifestReply.Missing(unknown);
        }
    }

    /** Clients resolve a tag by HEAD or GET; either is a use of the tag for not-pulled-for. */
    @Override
    public void served(RepositoryName name, Reference reference, StoredManifest manifest) {
        if (reference instanceof Reference.ByTag byTag) {
            storage.tagPulls().touch(name, byTag.tag());
        }
    }
}
