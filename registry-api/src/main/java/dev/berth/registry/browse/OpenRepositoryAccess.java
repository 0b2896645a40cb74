package dev.berth.registry.browse;

import dev.berth.oci.RepositoryName;

/** Everyone may see and delete everything: the registry without access rules. */
public final class OpenRepositoryAccess implements RepositoryAccess {

    @Override
    public boolean canView(RepositoryName name) {
        return true;
    }

    @Override
    public boolean canDelete(RepositoryName name) {
        return true;
    }
}
