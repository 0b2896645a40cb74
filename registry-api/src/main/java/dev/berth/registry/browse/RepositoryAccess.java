package dev.berth.registry.browse;

import dev.berth.oci.RepositoryName;

/**
 * What the caller of the current request may do with a repository, as the browse API and web UI
 * ask it. Every such question goes through here; {@link CallerRepositoryAccess} has the auth
 * module answer. (The auth module's filter has already refused a request the caller may not make
 * at all; these answers shape lists and buttons, and back that refusal up.)
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
