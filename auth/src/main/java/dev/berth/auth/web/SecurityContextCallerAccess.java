package dev.berth.auth.web;

import dev.berth.auth.access.Action;
import dev.berth.auth.access.Caller;
import dev.berth.auth.access.CallerAccess;
import dev.berth.auth.rules.AccessDecider;
import dev.berth.oci.RepositoryName;
import java.util.Optional;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Answers for the caller the filter decided on. Mounts are bounded by what this request may do (a
 * token's grants); the catalog by the rules, since a catalog token names no repositories.
 */
public final class SecurityContextCallerAccess implements CallerAccess {
    private final AccessDecider decider;

    public SecurityContextCallerAccess(AccessDecider decider) {
        this.decider = decider;
    }

    @Override
    public boolean mayMountFrom(RepositoryName from) {
        Caller caller = caller();
        return from != null && caller != null && caller.grants().on(from).contains(Action.PULL);
    }

    @Override
    public boolean mayList(RepositoryName name) {
        Caller caller = caller();
        return caller != null && decider.allowed(caller.identity(), name).contains(Action.PULL);
    }

    @Override
    public boolean mayDelete(RepositoryName name) {
        Caller caller = caller();
        return caller != null && decider.allowed(caller.identity(), name).contains(Action.DELETE);
    }

    @Override
    public Optional<String> signedInAs() {
        Caller caller = caller();
        return caller == null || !caller.credentialed() || caller.identity().anonymous() ? Optional.empty()
                : Optional.of(caller.identity().name());
    }

    @Override
    public boolean signInOffered() {
        return true;
    }

    private static Caller caller() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication instanceof CallerAuthentication callerAuthentication ? callerAuthentication.caller() : null;
    }
}
