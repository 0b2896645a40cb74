package dev.berth.storage.manifest;

import dev.berth.oci.Digest;
import dev.berth.oci.RepositoryName;
import dev.berth.storage.DigestFolders;
import dev.berth.storage.LinkFile;
import dev.berth.storage.StorageLayout;
import dev.berth.storage.driver.StorageDriver;
import java.util.List;

/** The manifests a repository holds, as links to their content in the blob store. */
final class ManifestRevisions {
    private final StorageDriver driver;

    ManifestRevisions(StorageDriver driver) {
        this.driver = driver;
    }

    boolean exists(RepositoryName name, Digest digest) {
        return LinkFile.readsAs(driver, StorageLayout.revisionLink(name, digest), digest);
    }

    void add(RepositoryName name, Digest digest) {
        LinkFile.write(driver, StorageLayout.revisionLink(name, digest), digest);
    }

    List<Digest> list(RepositoryName name) {
        return DigestFolders.list(driver, StorageLayout.manifests(name) + "/revisions");
    }

    void remove(RepositoryName name, Digest digest) {
        driver.delete(StorageLayout.revisionFolder(name, digest));
    }
}
