package dev.berth.registry.content;

import dev.berth.oci.RepositoryName;
import java.util.List;

/**
 * The repositories that hold a cache of another registry's content (the pull-through mirrors),
 * as housekeeping needs to know them: their manifests may lack layers until someone pulls them,
 * and what nobody pulled lately expires before a collection.
 */
public interface CachedRepositories {

    boolean isCache(RepositoryName name);

    /** Removes cached manifests nobody pulled lately; returns them as {@code name@digest}. */
    List<String> expire();
}
