package dev.berth.registry.access;

import dev.berth.oci.RepositoryName;

/** Repositories that take no writes (a pull-through mirror's): a write to one is refused. */
public interface ReadOnlyRepositories {

    /** Throws the refusal when {@code name} takes no writes. */
    void refuseWrite(RepositoryName name);
}
