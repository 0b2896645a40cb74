package dev.berth.registry.mirror;

import dev.berth.oci.Digest;
import dev.berth.oci.ErrorCode;
import dev.berth.oci.Reference;
import dev.berth.oci.RepositoryName;
import dev.berth.oci.Tag;
import dev.berth.storage.RegistryStorage;
import dev.berth.storage.blob.BlobStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Keeps a mirrored tag as fresh as its upstream's: a tag cached within the upstream's
 * {@code tag-ttl} is served as it is; an older one is re-checked with a {@code HEAD} (a new digest
 * is fetched and the tag moved), and a tag not cached yet is fetched. When the upstream cannot
 * answer, a cached tag is served anyway, marked with {@code Warning} headers.
 */
@Component
class TagFreshness {
    /** RFC 9111's warn-codes: what is served is past its freshness, because asking the origin failed. */
    static final List<String> STALE_WARNINGS = List.of("110 - \"Response is Stale\"", "111 - \"Revalidation Failed\"");
    private static final Logger log = LoggerFactory.getLogger(TagFreshness.class);

    private final RegistryStorage storage;
    private final Clock clock = Clock.systemUTC();
    /** Concurrent pulls of one stale or new tag ask the upstream once (Docker Hub counts every manifest GET). */
    private final SingleFlight<String, List<String>> checks = new SingleFlight<>(Duration.ofMinutes(2));

    TagFreshness(RegistryStorage storage) {
        this.storage = storage;
    }

    /** Makes the tag's cached manifest current, as far as the upstream can tell; returns the warnings the response carries. */
    List<String> ensureFresh(MirroredRepository repository, Tag tag) {
        RepositoryName name = repository.local();
        Optional<Digest> cached = cached(name, tag);
        Instant now = clock.instant();
        if (cached.isPresent() && storage.tags().checkedAt(name, tag)
                .filter(checked -> now.isBefore(checked.plus(repository.upstream().tagTtl()))).isPresent()) {
            return List.of();
        }
        return checks.run(name + ":" + tag.value(), () -> revalidate(repository, tag)).value();
    }

    private List<String> revalidate(MirroredRepository repository, Tag tag) {
        RepositoryName name = repository.local();
        Optional<Digest> cached = cached(name, tag);
        Instant now = clock.instant();
        UpstreamClient upstream = repository.upstream().client();
        try {
            Optional<Digest> current = cached.isPresent() ? upstream.headManifest(repository, tag.value()) : Optional.empty();
            if (current.isPresent() && storage.manifests().contains(name, current.get())) {
                if (!current.equals(cached)) {
                    storage.tags().point(name, tag, current.get());
                }
            } else {
                store(repository, tag, upstream.getManifest(repository, tag.value()));
            }
            storage.tags().markChecked(name, tag, now);
            return List.of();
        } catch (UpstreamFailure failure) {
            Map<String, String> detail = Map.of("reference", tag.value(), "upstream", repository.upstream().name());
            if (!failure.cacheMayAnswer()) {
                // The upstream no longer has the tag: nor does its mirror.
                cached.ifPresent(digest -> storage.tags().remove(name, tag));
                throw failure.toClientError(ErrorCode.MANIFEST_UNKNOWN, detail);
            }
            if (cached.isEmpty()) {
                throw failure.toClientError(ErrorCode.MANIFEST_UNKNOWN, detail);
            }
            log.info("serving {}:{} from the cache without revalidation: {}", name, tag, failure.getMessage());
            return STALE_WARNINGS;
        }
    }

    /** The digest the tag points to here, when that manifest is stored. */
    private Optional<Digest> cached(RepositoryName name, Tag tag) {
        return storage.tags().resolve(name, tag).filter(digest -> storage.manifests().contains(name, digest));
    }

    private void store(MirroredRepository repository, Tag tag, UpstreamClient.Manifest manifest) {
        Digest actual = Digest.sha256(BlobStore.sha256(manifest.content()));
        if (manifest.declaredDigest().filter(declared -> !declared.equals(actual)).isPresent()) {
            throw new UpstreamFailure(UpstreamFailure.Kind.BAD_CONTENT, "upstream " + repository.upstream().name()
                    + " sent a manifest for " + repository.remote() + ":" + tag + " whose digest " + actual
                    + " is not the " + manifest.declaredDigest().get() + " it declared; nothing was stored");
        }
        CachedManifests.put(storage, repository, new Reference.ByTag(tag), manifest);
    }
}
