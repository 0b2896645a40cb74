package dev.berth.auth.rules;

import dev.berth.auth.access.Action;
import dev.berth.auth.access.Identity;
import dev.berth.oci.RepositoryName;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Decides from the configured rules what an identity may do in a repository: the union of the
 * actions of every rule that names the repository and the identity. Without rules, every
 * authenticated user may pull, push and delete everywhere, and nobody is admin.
 */
public final class AccessDecider {
    private final List<CompiledRule> rules;

    public AccessDecider(List<AccessRule> configured) {
        List<CompiledRule> compiled = new ArrayList<>();
        if (configured.isEmpty()) {
            compiled.add(new CompiledRule(List.of(RepositoryPattern.of(RepositoryPattern.EVERYTHING)), Set.of("*"),
                    Set.of(), false, EnumSet.of(Action.PULL, Action.PUSH, Action.DELETE)));
        }
        for (int i = 0; i < configured.size(); i++) {
            compiled.add(CompiledRule.of(configured.get(i), i));
        }
        this.rules = List.copyOf(compiled);
    }

    /** Everything the identity may do in the repository; {@code admin} is expanded to the actions it implies. */
    public Set<Action> allowed(Identity identity, RepositoryName name) {
        Set<Action> allowed = EnumSet.noneOf(Action.class);
        for (CompiledRule rule : rules) {
            if (rule.appliesTo(identity) && rule.covers(name)) {
                allowed.addAll(rule.actions());
            }
        }
        if (allowed.contains(Action.ADMIN)) {
            allowed.addAll(EnumSet.allOf(Action.class));
        }
        return allowed;
    }

    /** Whether the identity is granted {@code admin} on {@code **}: the admin API is theirs. */
    public boolean isAdmin(Identity identity) {
        for (CompiledRule rule : rules) {
            if (rule.appliesTo(identity) && rule.actions().contains(Action.ADMIN)
                    && rule.patterns().stream().anyMatch(RepositoryPattern::isEverything)) {
                return true;
            }
        }
        return false;
    }

    private record CompiledRule(List<RepositoryPattern> patterns, Set<String> users, Set<String> groups,
                                boolean anonymous, Set<Action> actions) {

        static CompiledRule of(AccessRule rule, int index) {
            if (rule.repositories().isEmpty()) {
                throw new IllegalArgumentException("registry.auth.rules[" + index + "] names no repositories");
            }
            if (rule.actions().isEmpty()) {
                throw new IllegalArgumentException("registry.auth.rules[" + index + "] grants no actions");
            }
            if (rule.users().isEmpty() && rule.groups().isEmpty() && !rule.anonymous()) {
                throw new IllegalArgumentException("registry.auth.rules[" + index + "] names nobody "
                        + "(users, groups or anonymous)");
            }
            if (rule.anonymous() && rule.actions().stream().anyMatch(a -> a != Action.PULL)) {
                // A registry that anyone may write to is what mode none is for.
                throw new IllegalArgumentException("registry.auth.rules[" + index + "] grants anonymous callers "
                        + "more than pull");
            }
            return new CompiledRule(rule.repositories().stream().map(RepositoryPattern::of).toList(),
                    Set.copyOf(rule.users()), Set.copyOf(rule.groups()), rule.anonymous(),
                    EnumSet.copyOf(rule.actions()));
        }

        /** An anonymous rule covers everyone: signing in never takes away what strangers may do. */
        boolean appliesTo(Identity identity) {
            if (anonymous) {
                return true;
            }
            if (identity.anonymous()) {
                return false;
            }
            return users.contains("*") || users.contains(identity.name())
                    || identity.groups().stream().anyMatch(groups::contains);
        }

        boolean covers(RepositoryName name) {
            return patterns.stream().anyMatch(pattern -> pattern.matches(name));
        }
    }
}
