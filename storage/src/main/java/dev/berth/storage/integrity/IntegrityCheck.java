package dev.berth.storage.integrity;

import dev.berth.oci.Digest;
import dev.berth.oci.MediaTypes;
import dev.berth.oci.RepositoryName;
import dev.berth.oci.Tag;
import dev.berth.storage.RegistryStorage;
import dev.berth.storage.driver.ContentReader;
import dev.berth.storage.manifest.ManifestDocument;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Verifies the store: every blob's bytes against its digest, and every link, revision and tag
 * against what it points at. With repair, it removes corrupt blobs and anything left pointing at
 * missing content, so the registry answers "unknown" and clients push that content again, rather
 * than serving wrong bytes. It works through the blob, manifest and tag stores, never on driver paths.
 */
public final class IntegrityCheck {
    private final RegistryStorage storage;
    private final Consumer<String> progress;
    private final Predicate<RepositoryName> fetchesOnDemand;

    public IntegrityCheck(RegistryStorage storage, Consumer<String> progress) {
        this(storage, progress, name -> false);
    }

    /**
     * @param fetchesOnDemand repositories whose manifests may name blobs not stored yet: a
     *                        pull-through cache fetches those when they are first pulled
     */
    public IntegrityCheck(RegistryStorage storage, Consumer<String> progress, Predicate<RepositoryName> fetchesOnDemand) {
        this.storage = storage;
        this.progress = progress;
        this.fetchesOnDemand = fetchesOnDemand;
    }

    public IntegrityReport run(boolean repair) {
        List<String> problems = new ArrayList<>();
        int repaired = 0;
        int staleLinks = 0;
        int checked = 0;
        long bytes = 0;
        for (Digest digest : storage.blobs().stored()) {
            Optional<Long> size = size(digest);
            if (size.isEmpty()) {
                continue; // a last-used mark without data: garbage collection removes it
            }
            checked++;
            bytes += size.get();
            if (!digest.equals(hash(digest))) {
                problems.add("corrupt blob " + digest);
                if (repair) {
                    storage.blobs().discard(digest);
                    repaired++;
                }
            }
            if (checked % 1000 == 0) {
                progress.accept("check: " + checked + " blobs verified");
            }
        }
        if (repair) {
            // Indexes only list; the links are the truth. A repair rebuilds them from the links,
            // which also mends a list left stale by a crash between a link and its log entry.
            storage.catalog().rebuildIndex();
        }
        for (String repository : storage.catalog().all()) {
            RepositoryName name = RepositoryName.of(repository);
            for (Digest blob : storage.blobs().linkedIn(name)) {
                if (size(blob).isEmpty()) {
                    // Garbage collection leaves these behind on purpose; harmless, as the blob answers unknown.
                    staleLinks++;
                    if (repair) {
                        storage.blobs().dropStaleLink(name, blob);
                    }
                }
            }
            for (Digest manifest : storage.manifests().allRevisions(name)) {
                if (size(manifest).isEmpty()) {
                    problems.add("manifest with missing content " + name + "@" + manifest);
                    if (repair) {
                        storage.manifests().discardRevision(name, manifest);
                        repaired++;
                    }
                    continue;
                }
                if (fetchesOnDemand.test(name)) {
                    continue;
                }
                for (Digest blob : namedBlobs(manifest)) {
                    if (size(blob).isEmpty()) {
                        problems.add("manifest " + name + "@" + manifest + " names missing blob " + blob);
                    }
                }
            }
            for (String tag : storage.tags().all(name)) {
                Tag each = new Tag(tag);
                Optional<Digest> target = storage.tags().resolve(name, each);
                boolean dangling = target.isEmpty()
                        || !storage.manifests().hasRevisionLink(name, target.get())
                        || size(target.get()).isEmpty();
                if (dangling) {
                    problems.add("tag pointing at a missing manifest " + name + ":" + tag);
                    if (repair) {
                        storage.tags().discard(name, each);
                        repaired++;
                    }
                }
            }
            if (repair) {
                storage.tags().rebuildIndex(name);
                storage.manifests().rebuildIndex(name);
            }
        }
        IntegrityReport report = new IntegrityReport(checked, bytes, List.copyOf(problems), repaired, staleLinks);
        progress.accept(report.summary());
        return report;
    }

    /** The config and layers an image manifest names (none for an index or unreadable content). */
    private List<Digest> namedBlobs(Digest manifest) {
        List<Digest> named = new ArrayList<>();
        try {
            ManifestDocument document = storage.manifests().document(manifest);
            if (document.config() != null) {
                named.add(document.config().parsedDigest());
            }
            document.layersOrEmpty().stream()
                    .filter(layer -> !MediaTypes.NON_DISTRIBUTABLE_LAYERS.contains(layer.mediaType()))
                    .forEach(layer -> named.add(layer.parsedDigest()));
        } catch (RuntimeException unreadable) {
            // not a manifest we can read: the blob check above reports corrupt content
        }
        return named;
    }

    private Optional<Long> size(Digest digest) {
        var size = storage.blobs().size(digest);
        return size.isPresent() ? Optional.of(size.getAsLong()) : Optional.empty();
    }

    private Digest hash(Digest digest) {
        try (ContentReader content = storage.blobs().openStored(digest);
             DigestOutputStream sink = new DigestOutputStream(OutputStream.nullOutputStream(),
                     digest.digestAlgorithm().newHasher())) {
            content.copyTo(sink, 0, content.size());
            return digest.digestAlgorithm().digestOf(sink.getMessageDigest().digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read blob " + digest, e);
        }
    }
}
