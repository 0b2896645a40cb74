package dev.berth.auth.token;

import dev.berth.auth.access.Action;
import dev.berth.auth.access.Identity;
import dev.berth.auth.access.ResourceScope;
import dev.berth.auth.rules.AccessDecider;
import dev.berth.oci.RepositoryName;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Turns the scopes a client asks for into those the rules allow: each repository scope keeps only
 * the allowed actions (and is dropped when none is left); the catalog scope is granted to everyone,
 * since the catalog shows each caller only what they may pull. Other scopes are not granted.
 */
public final class ScopeGranter {
    private final AccessDecider decider;

    public ScopeGranter(AccessDecider decider) {
        this.decider = decider;
    }

    public List<ResourceScope> grant(Identity identity, List<ResourceScope> requested) {
        List<ResourceScope> granted = new ArrayList<>();
        for (ResourceScope scope : requested) {
            if (scope.isCatalog()) {
                granted.add(ResourceScope.catalog());
                continue;
            }
            Optional<RepositoryName> name = scope.repository();
            if (name.isPresent()) {
                Set<Action> actions = EnumSet.noneOf(Action.class);
                actions.addAll(scope.repositoryActions());
                actions.retainAll(decider.allowed(identity, name.get()));
                if (!actions.isEmpty()) {
                    granted.add(ResourceScope.repository(name.get(), actions));
                }
            }
        }
        return granted;
    }
}
