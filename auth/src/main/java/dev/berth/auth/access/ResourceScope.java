package dev.berth.auth.access;

import dev.berth.oci.RepositoryName;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One scope of the Docker token flow, {@code type:name:actions}: {@code repository:team/app:pull,push}
 * or {@code registry:catalog:*}. Challenges name them, clients ask for them, tokens grant them.
 */
public record ResourceScope(String type, String name, Set<String> actions) {
    public static final String REPOSITORY = "repository";
    public static final String REGISTRY = "registry";
    public static final String CATALOG = "catalog";
    public static final String ALL = "*";

    public ResourceScope {
        actions = Set.copyOf(new LinkedHashSet<>(actions));
    }

    public static ResourceScope repository(RepositoryName name, Set<Action> actions) {
        Set<String> names = new LinkedHashSet<>();
        for (Action action : Action.values()) {
            if (actions.contains(action)) {
                names.add(action.wireName());
            }
        }
        return new ResourceScope(REPOSITORY, name.value(), names);
    }

    public static ResourceScope catalog() {
        return new ResourceScope(REGISTRY, CATALOG, Set.of(ALL));
    }

    public boolean isCatalog() {
        return REGISTRY.equals(type) && CATALOG.equals(name) && actions.contains(ALL);
    }

    /** The repository this scope is about, if it is a repository scope with a valid name. */
    public Optional<RepositoryName> repository() {
        return REPOSITORY.equals(type) && RepositoryName.isValid(name) ? Optional.of(RepositoryName.of(name))
                : Optional.empty();
    }

    /** The repository actions named, {@code *} standing for pull, push and delete. */
    public Set<Action> repositoryActions() {
        Set<Action> result = new LinkedHashSet<>();
        for (String action : actions) {
            if (ALL.equals(action)) {
                result.addAll(List.of(Action.PULL, Action.PUSH, Action.DELETE));
            } else {
                Action.parse(action).filter(a -> a != Action.ADMIN).ifPresent(result::add);
            }
        }
        return result;
    }

    /**
     * Parses {@code type:name:actions}. The name sits between the first and the last colon (a
     * repository name has none, a registry host with a port could); anything else is empty.
     */
    public static Optional<ResourceScope> parse(String text) {
        int first = text.indexOf(':');
        int last = text.lastIndexOf(':');
        if (first <= 0 || last == first || last == text.length() - 1) {
            return Optional.empty();
        }
        Set<String> actions = new LinkedHashSet<>();
        for (String action : text.substring(last + 1).split(",")) {
            if (!action.isBlank()) {
                actions.add(action.trim());
            }
        }
        return Optional.of(new ResourceScope(text.substring(0, first), text.substring(first + 1, last), actions));
    }

    /** All scopes in {@code scope} parameters; each may hold several, separated by spaces (the OAuth2 form). */
    public static List<ResourceScope> parseAll(Collection<String> parameters) {
        List<ResourceScope> scopes = new ArrayList<>();
        for (String parameter : parameters) {
            for (String part : parameter.trim().split("\\s+")) {
                if (!part.isEmpty()) {
                    parse(part).ifPresent(scopes::add);
                }
            }
        }
        return scopes;
    }

    /** Actions in a stable order (pull, push, delete, then the rest), as clients write them. */
    @Override
    public String toString() {
        List<String> ordered = new ArrayList<>();
        for (Action action : Action.values()) {
            if (actions.contains(action.wireName())) {
                ordered.add(action.wireName());
            }
        }
        actions.stream().filter(a -> !ordered.contains(a)).sorted().forEach(ordered::add);
        return type + ":" + name + ":" + String.join(",", ordered);
    }
}
