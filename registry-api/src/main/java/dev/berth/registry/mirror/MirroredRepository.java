package dev.berth.registry.mirror;

import dev.berth.oci.RepositoryName;

/**
 * A repository under a mirror's prefix: {@code local} is where the cache keeps it
 * ({@code hub/library/nginx}), {@code remote} its name at the upstream ({@code library/nginx}).
 */
public record MirroredRepository(Upstream upstream, RepositoryName local, String remote) {

    /** The token scope a pull of it needs at the upstream. */
    String pullScope() {
        return "repository:" + remote + ":pull";
    }
}
