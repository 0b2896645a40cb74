package dev.berth.storage.manifest;

import dev.berth.storage.TimeMark;
import dev.berth.oci.Digest;
import dev.berth.oci.RepositoryName;
import dev.berth.oci.Tag;
import dev.berth.storage.LinkFile;
import dev.berth.storage.Page;
import dev.berth.storage.StorageLayout;
import dev.berth.storage.driver.FileStat;
import dev.berth.storage.driver.StorageDriver;
import dev.berth.storage.index.IndexTruth;
import dev.berth.storage.index.Indexes;
import dev.berth.storage.index.SortedIndex;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Tags: a name in a repository pointing at one manifest digest, replaced atomically on push. The
 * link is the truth; a sorted index of the repository's tags answers lists a page at a time.
 */
public final class TagStore {
    private final StorageDriver driver;
    private final Indexes indexes;
    private final Clock clock;

    public TagStore(StorageDriver driver, Indexes indexes, Clock clock) {
        this.driver = driver;
        this.indexes = indexes;
        this.clock = clock;
    }

    public Optional<Digest> resolve(RepositoryName name, Tag tag) {
        return LinkFile.read(driver, StorageLayout.tagLink(name, tag));
    }

    /**
     * When the tag was last pushed: its link is rewritten with the time on every push by that tag.
     * Empty if there is no such tag.
     */
    public Optional<Instant> pushedAt(RepositoryName name, Tag tag) {
        return link(name, tag).flatMap(TagLink::pushedAt);
    }

    /** The tag's manifest and push time in one read; empty if there is no such tag. */
    public Optional<TagLink> link(RepositoryName name, Tag tag) {
        String path = StorageLayout.tagLink(name, tag);
        Optional<TagLink> link = driver.read(path).map(TagLink::parse);
        if (link.isEmpty() || link.get().pushedAt().isPresent()) {
            return link;
        }
        return Optional.of(new TagLink(link.get().manifest(), driver.stat(path).map(FileStat::modified))); // written before times were kept
    }

    /** When a mirrored tag was last confirmed against its upstream; empty if never. */
    public Optional<Instant> checkedAt(RepositoryName name, Tag tag) {
        return driver.read(StorageLayout.tagChecked(name, tag)).flatMap(TimeMark::parse);
    }

    public void markChecked(RepositoryName name, Tag tag, Instant when) {
        driver.write(StorageLayout.tagChecked(name, tag), TimeMark.format(when));
    }

    public void point(RepositoryName name, Tag tag, Digest manifest) {
        driver.write(StorageLayout.tagLink(name, tag), new TagLink(manifest, Optional.of(clock.instant())).format());
        index(name).added(tag.value());
    }

    public boolean remove(RepositoryName name, Tag tag) {
        if (resolve(name, tag).isEmpty()) {
            return false;
        }
        driver.delete(StorageLayout.tagFolder(name, tag));
        index(name).removed(tag.value());
        return true;
    }

    /**
     * Removes a tag folder whatever its link holds (integrity repair of a tag pointing at a missing
     * manifest); the caller rebuilds the tag index afterwards.
     */
    public void discard(RepositoryName name, Tag tag) {
        driver.delete(StorageLayout.tagFolder(name, tag));
    }

    /** One page of the repository's tags in lexical order, after {@code last} (null: from the first). */
    public Page<String> page(RepositoryName name, String last, int limit) {
        return index(name).page(last, limit);
    }

    /** Every tag of the repository in lexical order, read a page at a time. */
    public Iterable<String> all(RepositoryName name) {
        return index(name).all();
    }

    /** Every tag of the repository, sorted: for repositories known to be small. */
    public List<String> list(RepositoryName name) {
        List<String> tags = new ArrayList<>();
        all(name).forEach(tags::add);
        return tags;
    }

    /** How many tags the repository has and when one was last pushed, without reading its tags. */
    public SortedIndex.Stats stats(RepositoryName name) {
        return index(name).stats();
    }

    /** Rebuilds the repository's tag index from its tag links (repair, or a store from before indexes). */
    public void rebuildIndex(RepositoryName name) {
        index(name).rebuild();
    }

    /** Removes every tag that points at the manifest. */
    public void removePointingAt(RepositoryName name, Digest manifest) {
        for (String tag : list(name)) {
            Tag each = new Tag(tag);
            if (resolve(name, each).filter(manifest::equals).isPresent()) {
                driver.delete(StorageLayout.tagFolder(name, each));
                index(name).removed(tag);
            }
        }
    }

    private SortedIndex index(RepositoryName name) {
        return indexes.at(StorageLayout.tagIndex(name), new Links(name));
    }

    /** A tag exists while its link does. A folder without its link (a crash mid-write) is not a tag. */
    private final class Links implements IndexTruth {
        private final RepositoryName name;

        Links(RepositoryName name) {
            this.name = name;
        }

        @Override
        public boolean contains(String tag) {
            return Tag.isValid(tag) && driver.stat(StorageLayout.tagLink(name, new Tag(tag))).isPresent();
        }

        @Override
        public Iterable<String> all() {
            return driver.list(StorageLayout.tags(name)).stream().filter(this::contains).toList();
        }
    }
}
