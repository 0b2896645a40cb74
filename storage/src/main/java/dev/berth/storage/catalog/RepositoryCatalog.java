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
 */
public final class RepositoryCatalog {
    /** Names this process has logged to the index; past this many it starts over (a repeat costs one write). */
    private static final int MAX_ANNOUNCED = 100_000;

    private final StorageDriver driver;
    private final SortedIndex index;
    private final Set<String> announced = ConcurrentHashMap.newKeySet();

    public RepositoryCatalog(StorageDriver driver, Indexes indexes) {
        this.driver = driver;
        this.index = indexes.at(StorageLayout.repositoryIndex(), new Folders());
    }

    /**
     * Records that the repository holds something now. Called on every link and manifest write;
     * logged once per process, since a repository, once there, stays.
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
        return walk(List.of("_uploads"));
    }

    public boolean exists(RepositoryName name) {
        String folder = StorageLayout.repository(name);
        return driver.exists(folder + "/_manifests") || driver.exists(folder + "/_layers");
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
            return RepositoryName.isValid(name) && exists(RepositoryName.of(name));
        }

        @Override
        public Iterable<String> all() {
            return walk(List.of("_manifests", "_layers"));
        }
    }
}
