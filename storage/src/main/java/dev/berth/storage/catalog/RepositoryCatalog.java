package dev.berth.storage.catalog;

import dev.berth.oci.RepositoryName;
import dev.berth.storage.Page;
import dev.berth.storage.StorageLayout;
import dev.berth.storage.driver.StorageDriver;
import dev.berth.storage.index.IndexTruth;
import dev.berth.storage.index.Indexes;
import dev.berth.storage.index.SortedIndex;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The repositories in the store. A folder under {@code repositories/} is a repository once it holds
 * a blob link or a manifest; folders in between ({@code team} of {@code team/app}) are only path.
 * A sorted index of the names answers the catalog a page at a time; the folders stay the truth.
 * A repository whose last tag and last manifest were deleted leaves the catalog (its blob links
 * stay until garbage collection or a repository delete), and comes back with its next manifest.
 */
public final class RepositoryCatalog {
    /** Names this process has logged to the index; past this many it starts over (a repeat costs one write). */
    private static final int MAX_ANNOUNCED = 100_000;

    private final StorageDriver driver;
    private final SortedIndex index;
    private final Set<String> announced = ConcurrentHashMap.newKeySet();
    private final RepositoryContents contents;

    public RepositoryCatalog(StorageDriver driver, Indexes indexes, RepositoryContents contents) {
        this.driver = driver;
        this.contents = contents;
        this.index = indexes.at(StorageLayout.repositoryIndex(), new Folders());
    }

    /**
     * Records that the repository holds a blob link now. Called on every link write; logged once per
     * process, since blob links alone never take a repository out of the catalog.
     */
    public void announce(RepositoryName name) {
        if (announced.contains(name.value())) {
            return;
        }
        index.added(name.value());
        if (announced.size() >= MAX_ANNOUNCED) {
            announced.clear();
        }
        announced.add(name.value());
    }

    /**
     * Records that the repository holds a manifest now. Logged on every manifest write (one small
     * write, no read): another replica may have taken the repository out of the catalog since this
     * one last logged it, and no memory here could know that.
     */
    public void manifestAdded(RepositoryName name) {
        index.added(name.value());
        announced.add(name.value());
    }

    /**
     * Takes the repository out of the catalog once it holds no tag and no manifest: called after a
     * delete. Should a push land meanwhile, the index asks the truth ({@link #listed}) and keeps it.
     */
    public void removeIfEmpty(RepositoryName name) {
        if (!contents.holdsImages(name)) {
            announced.remove(name.value());
            index.removed(name.value());
        }
    }

    /** One page of repository names in lexical order, after {@code last} (null: from the first). */
    public Page<String> page(String last, int limit) {
        return index.page(last, limit);
    }

    /** Every repository name in lexical order, read a page at a time. */
    public Iterable<String> all() {
        return index.all();
    }

    /** Every repository name, sorted: for stores known to be small. */
    public List<String> list() {
        List<String> names = new ArrayList<>();
        all().forEach(names::add);
        return names;
    }

    /** Repositories with upload sessions in progress, including ones that hold nothing else yet. */
    public List<String> withUploads() {
        return walk(List.of(StorageLayout.UPLOADS));
    }

    /** Whether the repository has folders of its own: it holds, or held, blob links or manifests. */
    public boolean exists(RepositoryName name) {
        return driver.exists(StorageLayout.manifests(name)) || driver.exists(StorageLayout.layers(name));
    }

    /**
     * Whether the catalog lists the repository: it holds a tag or a manifest, or blob links but
     * never a manifest yet (a push in progress, a mount). One whose images were all deleted is not.
     */
    public boolean listed(RepositoryName name) {
        if (contents.holdsImages(name)) {
            return true;
        }
        return driver.exists(StorageLayout.layers(name)) && !driver.exists(StorageLayout.revisionIndex(name));
    }

    /** Rebuilds the index from the folders (repair, or a store from before indexes). */
    public void rebuildIndex() {
        index.rebuild();
    }

    private List<String> walk(List<String> markers) {
        List<String> names = new ArrayList<>();
        walk(StorageLayout.REPOSITORIES, "", markers, names);
        names.sort(null);
        return names;
    }

    private void walk(String folder, String prefix, List<String> markers, List<String> names) {
        List<String> children = driver.list(folder);
        if (!prefix.isEmpty() && markers.stream().anyMatch(children::contains)) {
            names.add(prefix);
        }
        for (String child : children) {
            if (!child.startsWith("_")) {
                String name = prefix.isEmpty() ? child : prefix + "/" + child;
                if (RepositoryName.isValid(name)) {
                    walk(folder + "/" + child, name, markers, names);
                }
            }
        }
    }

    /** The truth behind the index: the repository folders themselves. */
    private final class Folders implements IndexTruth {
        @Override
        public boolean contains(String name) {
            return RepositoryName.isValid(name) && listed(RepositoryName.of(name));
        }

        @Override
        public Iterable<String> all() {
            return walk(List.of(StorageLayout.MANIFESTS, StorageLayout.LAYERS)).stream().filter(this::contains).toList();
        }
    }
}
