package dev.berth.auth.token;

import dev.berth.auth.access.Action;
import dev.berth.auth.access.Grants;
import dev.berth.auth.access.Identity;
import dev.berth.auth.access.ResourceScope;
import dev.berth.auth.rules.AccessDecider;
import dev.berth.oci.RepositoryName;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a bearer token lets its request do: what the rules allow its subject now, bounded by the
 * token's {@code access} claim. The rules stay the ceiling (a rule removed takes effect before old
 * tokens expire); the claim keeps a token for one repository from opening another. An external
 * token without an access claim is bounded by the rules alone.
 */
final class TokenGrants implements Grants {
    private final AccessDecider decider;
    private final Identity identity;
    private final Map<String, Set<Action>> access;
    private final boolean catalog;

    private TokenGrants(AccessDecider decider, Identity identity, Map<String, Set<Action>> access, boolean catalog) {
        this.decider = decider;
        this.identity = identity;
        this.access = access;
        this.catalog = catalog;
    }

    static TokenGrants of(AccessDecider decider, Identity identity, Optional<List<ResourceScope>> claim) {
        if (claim.isEmpty()) {
            return new TokenGrants(decider, identity, null, true);
        }
        Map<String, Set<Action>> access = new HashMap<>();
        boolean catalog = false;
        for (ResourceScope scope : claim.get()) {
            if (scope.isCatalog()) {
                catalog = true;
            }
            scope.repository().ifPresent(name -> access.computeIfAbsent(name.value(), n -> EnumSet.noneOf(Action.class))
                    .addAll(scope.repositoryActions()));
        }
        return new TokenGrants(decider, identity, access, catalog);
    }

    @Override
    public Set<Action> on(RepositoryName name) {
        Set<Action> allowed = decider.allowed(identity, name);
        if (access == null) {
            return allowed;
        }
        Set<Action> bounded = EnumSet.noneOf(Action.class);
        bounded.addAll(allowed);
        bounded.retainAll(access.getOrDefault(name.value(), Set.of()));
        return bounded;
    }

    @Override
    public boolean catalog() {
        return catalog;
    }
}
