package dev.berth.storage.catalog;

import dev.berth.oci.RepositoryName;
import dev.berth.storage.StorageLayout;
import dev.berth.storage.driver.StorageDriver;
import java.util.ArrayList;
import java.util.List;

/**
 * The repositories in the store. A folder under {@code repositories/} is a repository once it holds
 * a blob link or a manifest; folders in between ({@code team} of {@code team/app}) are only path.
 */
public final class RepositoryCatalog {
    private final StorageDriver driver;

    public RepositoryCatalog(StorageDriver driver) {
        this.driver = driver;
    }

    /** Every repository name, sorted lexically. */
    public List<String> list() {
        return collect(List.of("_manifests", "_layers"));
    }

    /** Repositories with upload sessions in progress, including ones that hold nothing else yet. */
    public List<String> withUploads() {
        return collect(List.of("_uploads"));
    }

    private List<String> collect(List<String> markers) {
        List<String> names = new ArrayList<>();
        collect(StorageLayout.REPOSITORIES, "", markers, names);
        names.sort(null);
        return names;
    }

    public boolean exists(RepositoryName name) {
        String folder = StorageLayout.repository(name);
        return driver.exists(folder + "/_manifests") || driver.exists(folder + "/_layers");
    }

    private void collect(String folder, String prefix, List<String> markers, List<String> names) {
        List<String> children = driver.list(folder);
        if (!prefix.isEmpty() && markers.stream().anyMatch(children::contains)) {
            names.add(prefix);
        }
        for (String child : children) {
            if (!child.startsWith("_")) {
                String name = prefix.isEmpty() ? child : prefix + "/" + child;
                if (RepositoryName.isValid(name)) {
                    collect(folder + "/" + child, name, markers, names);
                }
            }
        }
    }
}
