package dev.berth.storage.catalog;

import dev.berth.oci.RepositoryName;

/**
 * Whether a repository still holds a tag or a manifest, as its own tag and manifest indexes count
 * them: one listing of each index's log, never a walk of its folders.
 */
@FunctionalInterface
public interface RepositoryContents {

    boolean holdsImages(RepositoryName name);
}
