package dev.berth.storage.manifest;

import dev.berth.oci.Digest;
import dev.berth.oci.RepositoryName;
import dev.berth.storage.DigestFolders;
import dev.berth.storage.LinkFile;
import dev.berth.storage.StorageLayout;
import dev.berth.storage.driver.FileStat;
import dev.berth.storage.driver.StorageDriver;
import dev.berth.storage.index.IndexTruth;
import dev.berth.storage.index.Indexes;
import dev.berth.storage.index.SortedIndex;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The manifests a repository holds, as links to their content in the blob store, with a sorted
 * index of them so that garbage collection never lists a folder of every revision.
 */
final class ManifestRevisions {
    private final StorageDriver driver;
    private final Indexes indexes;

    ManifestRevisions(StorageDriver driver, Indexes indexes) {
        this.driver = driver;
        this.indexes = indexes;
    }

    boolean exists(RepositoryName name, Digest digest) {
        return LinkFile.readsAs(driver, StorageLayout.revisionLink(name, digest), digest);
    }

    /** When the revision link was written (the manifest pushed to the repository); empty without one. */
    Optional<Instant> linkedAt(RepositoryName name, Digest digest) {
        return driver.stat(StorageLayout.revisionLink(name, digest)).map(FileStat::modified);
    }

    /** Whether a revision link is there at all, without reading it. */
    boolean linked(RepositoryName name, Digest digest) {
        return driver.stat(StorageLayout.revisionLink(name, digest)).isPresent();
    }

    void add(RepositoryName name, Digest digest) {
        LinkFile.write(driver, StorageLayout.revisionLink(name, digest), digest);
        index(name).added(digest.toString());
    }

    List<Digest> list(RepositoryName name) {
        List<Digest> digests = new ArrayList<>();
        all(name).forEach(digests::add);
        return digests;
    }

    Iterable<Digest> all(RepositoryName name) {
        Iterable<String> names = index(name).all();
        return () -> new java.util.Iterator<>() {
            private final java.util.Iterator<String> each = names.iterator();

            @Override
            public boolean hasNext() {
                return each.hasNext();
            }

            @Override
            public Digest next() {
                return Digest.parse(each.next());
            }
        };
    }

    long count(RepositoryName name) {
        return index(name).count();
    }

    void remove(RepositoryName name, Digest digest) {
        driver.delete(StorageLayout.revisionFolder(name, digest));
        index(name).removed(digest.toString());
    }

    void rebuildIndex(RepositoryName name) {
        index(name).rebuild();
    }

    private SortedIndex index(RepositoryName name) {
        return indexes.at(StorageLayout.revisionIndex(name), new IndexTruth() {
            @Override
            public boolean contains(String digest) {
                try {
                    return exists(name, Digest.parse(digest));
                } catch (RuntimeException notADigest) {
                    return false;
                }
            }

            @Override
            public Iterable<String> all() {
                return DigestFolders.list(driver, StorageLayout.revisions(name)).stream()
                        .map(Digest::toString).toList();
            }
        });
    }
}
