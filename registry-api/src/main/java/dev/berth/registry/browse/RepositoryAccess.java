package dev.berth.registry.browse;

import dev.berth.oci.RepositoryName;

/**
 * What the caller of the current request may do with a repository, as the browse API and web UI
 * ask it. Every such question goes through here, so access rules are decided in one place: the
 * default ({@link OpenRepositoryAccess}) allows everything; an implementation backed by the auth
 * module's rules replaces it by being a bean of this type (marked {@code @Primary}).
 */
public interface RepositoryAccess {

    /** Whether the caller may see the repository: list it, its tags and its images (pull access). */
    boolean canView(RepositoryName name);

    /**
     * Whether the caller may delete tags and manifests of the repository. Deletes must also be
     * enabled on the registry ({@code registry.storage.delete.enabled}); that is checked apart.
     */
    boolean canDelete(RepositoryName name);
}
