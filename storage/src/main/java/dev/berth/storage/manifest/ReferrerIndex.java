package dev.berth.storage.manifest;

import dev.berth.oci.Digest;
import dev.berth.oci.OciException;
import dev.berth.oci.RepositoryName;
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
        LinkFile.write(driver, StorageLayout.referrerLinkFolder(name, subject, referrer) + "/" + StorageLayout.LINK, referrer);
    }

    /** Forgets every referrer link of the repository (a repository delete). */
    void removeAll(RepositoryName name) {
        driver.delete(StorageLayout.manifests(name) + "/referrers");
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
        String folder = StorageLayout.referrers(name);
        Set<Digest> subjects = new HashSet<>();
        for (String algorithm : driver.list(folder)) {
            for (String hex : driver.list(folder + "/" + algorithm)) {
                try {
                    subjects.add(Digest.parse(algorithm + ":" + hex));
                } catch (OciException strayFolder) {
                    // not one of ours: nothing refers to it
                }
            }
        }
        return subjects;
    }

    List<Digest> referrersOf(RepositoryName name, Digest subject) {
        String folder = StorageLayout.referrers(name, subject);
        List<Digest> referrers = new ArrayList<>();
        for (String algorithm : driver.list(folder)) {
            for (String hex : driver.list(folder + "/" + algorithm)) {
                LinkFile.read(driver, folder + "/" + algorithm + "/" + hex + "/" + StorageLayout.LINK)
                        .ifPresent(referrers::add);
            }
        }
        referrers.sort(null);
        return referrers;
    }
}
