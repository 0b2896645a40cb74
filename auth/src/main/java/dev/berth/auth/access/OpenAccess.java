package dev.berth.auth.access;

import dev.berth.oci.RepositoryName;
import java.util.Optional;

/** Mode {@code none}: everyone may do everything, including mounting any stored blob. */
public final class OpenAccess implements CallerAccess {

    @Override
    public boolean mayMountFrom(RepositoryName from) {
        return true;
    }

    @Override
    public boolean mayList(RepositoryName name) {
        return true;
    }

    @Override
    public boolean mayDelete(RepositoryName name) {
        return true;
    }

    @Override
    public Optional<String> signedInAs() {
        return Optional.empty();
    }

    @Override
    public boolean signInOffered() {
        return false;
    }
}
