package dev.berth.storage.manifest;

import dev.berth.oci.Digest;
import dev.berth.oci.RepositoryName;
import dev.berth.storage.DigestFolders;
import dev.berth.storage.LinkFile;
import dev.berth.storage.StorageLayout;
import dev.berth.storage.driver.StorageDriver;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** For each subject digest, the manifests in a repository whose {@code subject} names it. */
final class ReferrerIndex {
    private final StorageDriver driver;

    ReferrerIndex(StorageDriver driver) {
        this.driver = driver;
    }

    void add(RepositoryName name, Digest subject, Digest referrer) {
        LinkFile.write(driver, StorageLayout.referrerLink(name, subject, referrer), referrer);
    }

    /** Forgets every referrer link of the repository (a repository delete). */
    void removeAll(RepositoryName name) {
        driver.delete(StorageLayout.referrers(name));
    }

    void remove(RepositoryName name, Digest subject, Digest referrer) {
        driver.delete(StorageLayout.referrerLinkFolder(name, subject, referrer));
    }

    /** Whether anything in the repository has (or had) referrers: one small listing. */
    boolean any(RepositoryName name) {
        return !driver.list(StorageLayout.referrers(name)).isEmpty();
    }

    /** The subjects that have (or had) referrers in the repository: one listing per algorithm. */
    Set<Digest> subjects(RepositoryName name) {
        // Stray folders that are not digests are skipped: nothing refers to them.
        return new HashSet<>(DigestFolders.list(driver, StorageLayout.referrers(name)));
    }

    List<Digest> referrersOf(RepositoryName name, Digest subject) {
        List<Digest> referrers = new ArrayList<>();
        for (Digest referrer : DigestFolders.list(driver, StorageLayout.referrers(name, subject))) {
            LinkFile.read(driver, StorageLayout.referrerLink(name, subject, referrer)).ifPresent(referrers::add);
        }
        referrers.sort(null);
        return referrers;
    }
}
