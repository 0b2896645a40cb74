package dev.berth.storage.manifest;

import dev.berth.oci.Digest;
import dev.berth.oci.RepositoryName;
import dev.berth.oci.Tag;
import dev.berth.storage.LinkFile;
import dev.berth.storage.StorageLayout;
import dev.berth.storage.driver.StorageDriver;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Tags: a name in a repository pointing at one manifest digest, replaced atomically on push. */
public final class TagStore {
    private final StorageDriver driver;

    public TagStore(StorageDriver driver) {
        this.driver = driver;
    }

    public Optional<Digest> resolve(RepositoryName name, Tag tag) {
        return LinkFile.read(driver, StorageLayout.tagLink(name, tag));
    }

    /**
     * When the tag was last pushed: its link is rewritten on every push by that tag, so the link's
     * modification time is the push time. Empty if there is no such tag.
     */
    public Optional<Instant> pushedAt(RepositoryName name, Tag tag) {
        return driver.modified(StorageLayout.tagLink(name, tag));
    }

    /** When a mirrored tag was last confirmed against its upstream; empty if never. */
    public Optional<Instant> checkedAt(RepositoryName name, Tag tag) {
        return driver.read(StorageLayout.tagChecked(name, tag)).flatMap(TimeMark::parse);
    }

    public void markChecked(RepositoryName name, Tag tag, Instant when) {
        driver.write(StorageLayout.tagChecked(name, tag), TimeMark.format(when));
    }

    public void point(RepositoryName name, Tag tag, Digest manifest) {
        LinkFile.write(driver, StorageLayout.tagLink(name, tag), manifest);
    }

    public boolean remove(RepositoryName name, Tag tag) {
        if (resolve(name, tag).isEmpty()) {
            return false;
        }
        driver.delete(StorageLayout.tagFolder(name, tag));
        return true;
    }

    /**
     * Tags of the repository, sorted lexically as the spec asks. A folder without its link (a crash
     * while the tag was first written or being deleted) is not a tag.
     */
    public List<String> list(RepositoryName name) {
        return driver.list(StorageLayout.tags(name)).stream()
                .filter(Tag::isValid)
                .filter(tag -> driver.exists(StorageLayout.tagLink(name, new Tag(tag))))
                .sorted()
                .toList();
    }

    /** Removes every tag that points at the manifest. */
    public void removePointingAt(RepositoryName name, Digest manifest) {
        for (String tag : list(name)) {
            Tag each = new Tag(tag);
            if (resolve(name, each).filter(manifest::equals).isPresent()) {
                driver.delete(StorageLayout.tagFolder(name, each));
            }
        }
    }
}
