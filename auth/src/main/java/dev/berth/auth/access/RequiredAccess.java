package dev.berth.auth.access;

import dev.berth.oci.RepositoryName;
import java.util.List;
import java.util.Set;

/** What one request needs before it may touch storage. The web layer says it; the auth module decides. */
public sealed interface RequiredAccess {

    /** The scopes a client must ask a token for, as a challenge names them. */
    List<ResourceScope> scopes();

    /** Nothing: files that hold no registry data, such as the web UI's page, scripts and styles. */
    record Nothing() implements RequiredAccess {
        @Override
        public List<ResourceScope> scopes() {
            return List.of();
        }
    }

    /** Valid credentials of any kind and nothing more: the {@code /v2/} version check, unknown paths. */
    record Credentials() implements RequiredAccess {
        @Override
        public List<ResourceScope> scopes() {
            return List.of();
        }
    }

    /** The repository list; it shows each caller only what they may pull. */
    record Catalog() implements RequiredAccess {
        @Override
        public List<ResourceScope> scopes() {
            return List.of(ResourceScope.catalog());
        }
    }

    /** Every one of {@code actions} on the repository. */
    record Repository(RepositoryName name, Set<Action> actions) implements RequiredAccess {
        public Repository {
            actions = Set.copyOf(actions);
        }

        @Override
        public List<ResourceScope> scopes() {
            return List.of(ResourceScope.repository(name, actions));
        }
    }

    /** The admin API: a user granted {@code admin} on every repository ({@code **}). */
    record Admin() implements RequiredAccess {
        @Override
        public List<ResourceScope> scopes() {
            return List.of();
        }
    }

    static RequiredAccess nothing() {
        return new Nothing();
    }

    static RequiredAccess credentials() {
        return new Credentials();
    }

    static RequiredAccess catalog() {
        return new Catalog();
    }

    static RequiredAccess repository(RepositoryName name, Action... actions) {
        return new Repository(name, Set.of(actions));
    }
}
