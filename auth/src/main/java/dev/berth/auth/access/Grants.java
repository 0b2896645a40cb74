package dev.berth.auth.access;

import dev.berth.oci.RepositoryName;
import java.util.Set;

/** What an authenticated request may do: per repository, and whether it may list the catalog. */
public interface Grants {

    Set<Action> on(RepositoryName name);

    boolean catalog();

    Grants NOTHING = new Grants() {
        @Override
        public Set<Action> on(RepositoryName name) {
            return Set.of();
        }

        @Override
        public boolean catalog() {
            return false;
        }
    };
}
