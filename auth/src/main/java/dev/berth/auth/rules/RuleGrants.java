package dev.berth.auth.rules;

import dev.berth.auth.access.Action;
import dev.berth.auth.access.Grants;
import dev.berth.auth.access.Identity;
import dev.berth.oci.RepositoryName;
import java.util.Set;

/** Grants straight from the rules: basic mode, where every request carries the caller's credentials. */
public record RuleGrants(AccessDecider decider, Identity identity) implements Grants {

    @Override
    public Set<Action> on(RepositoryName name) {
        return decider.allowed(identity, name);
    }

    @Override
    public boolean catalog() {
        return true;
    }
}
