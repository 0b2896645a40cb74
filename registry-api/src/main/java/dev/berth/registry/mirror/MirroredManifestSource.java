package dev.berth.registry.mirror;

import dev.berth.oci.Digest;
import dev.berth.oci.ErrorCode;
import dev.berth.oci.Reference;
import dev.berth.oci.RepositoryName;
import dev.berth.registry.access.ReadOnlyMode;
import dev.berth.registry.content.LocalManifestSource;
import dev.berth.registry.content.ManifestReply;
import dev.berth.registry.content.ManifestSource;
import dev.berth.storage.RegistryStorage;
import dev.berth.storage.manifest.StoredManifest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.annotation.Primary;
import org.springframework.stereotype.Component;

/**
 * Manifest reads of mirrored repositories, itself a {@link ManifestSource}: a tag is kept fresh by
 * {@link TagFreshness}, a digest missing here is fetched once and verified (digests never change,
 * so a cached one is never re-checked); then the cache answers as for any repository. In read-only
 * mode the cache serves what it holds as it stands and asks no upstream.
 */
@Primary
@Component
public class MirroredManifestSource implements ManifestSource {
    private final RegistryStorage storage;
    private final LocalManifestSource local;
    private final MirrorRoutes routes;
    private final TagFreshness freshness;
    private final ReadOnlyMode readOnly;

    MirroredManifestSource(RegistryStorage storage, LocalManifestSource local, MirrorRoutes routes,
                           TagFreshness freshness, ReadOnlyMode readOnly) {
        this.storage = storage;
        this.local = local;
        this.routes = routes;
        this.freshness = freshness;
        this.readOnly = readOnly;
    }

    @Override
    public ManifestReply open(RepositoryName name, Reference reference) {
        Optional<MirroredRepository> mirrored = mirrored(name);
        if (mirrored.isEmpty()) {
            return local.open(name, reference);
        }
        MirroredRepository repository = mirrored.get();
        if (reference instanceof Reference.ByTag byTag) {
            List<String> warnings = freshness.ensureFresh(repository, byTag.tag());
            ManifestReply served = local.open(name, reference);
            return served instanceof ManifestReply.Found found && !warnings.isEmpty()
                    ? new ManifestReply.Found(found.manifest(), warnings) : served;
        }
        // A cached digest is served as it is, without a lookup of its own first; a missing one is fetched.
        ManifestReply cached = local.open(name, reference);
        if (!(cached instanceof ManifestReply.Missing)) {
            return cached;
        }
        ensureCached(repository, ((Reference.ByDigest) reference).digest());
        return local.open(name, reference);
    }

    /** A pull of a mirrored manifest keeps it from expiring. */
    @Override
    public void served(RepositoryName name, Reference reference, StoredManifest manifest) {
        local.served(name, reference, manifest);
        if (mirrored(name).isPresent()) {
            storage.pulls().touch(name, manifest.digest());
        }
    }

    private Optional<MirroredRepository> mirrored(RepositoryName name) {
        return readOnly.enabled() ? Optional.empty() : routes.mirrored(name);
    }

    private void ensureCached(MirroredRepository repository, Digest digest) {
        if (storage.manifests().contains(repository.local(), digest)) {
            return;
        }
        try {
            CachedManifests.put(storage, repository, new Reference.ByDigest(digest),
                    repository.upstream().client().getManifest(repository, digest.toString()));
        } catch (UpstreamFailure failure) {
            throw failure.toClientError(ErrorCode.MANIFEST_UNKNOWN,
                    Map.of("reference", digest.toString(), "upstream", repository.upstream().name()));
        }
    }
}
