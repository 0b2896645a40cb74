package dev.berth.registry.browse;

import dev.berth.auth.access.CallerAccess;
import dev.berth.oci.RepositoryName;
import org.springframework.stereotype.Component;

/**
 * The browse API's access questions answered by the auth module for the caller its filter
 * decided on: see a repository if the rules let them pull it, delete if they grant {@code delete}.
 * Without auth ({@code registry.auth.mode=none}) everyone may do both.
 */
@Component
public class CallerRepositoryAccess implements RepositoryAccess {
    private final CallerAccess caller;

    public CallerRepositoryAccess(CallerAccess caller) {
        this.caller = caller;
    }

    @Override
    public boolean canView(RepositoryName name) {
        return caller.mayList(name);
    }

    @Override
    public boolean canDelete(RepositoryName name) {
        return caller.mayDelete(name);
    }
}
