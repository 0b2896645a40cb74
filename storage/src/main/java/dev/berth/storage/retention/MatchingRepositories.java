package dev.berth.storage.retention;

import dev.berth.oci.RepositoryName;
import dev.berth.storage.Page;
import dev.berth.storage.catalog.RepositoryCatalog;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.BiConsumer;

/**
 * Hands each repository to the first rule whose glob matches it, reading the sorted catalog a page
 * at a time and only the stretches of it a rule can match: from a glob's literal prefix to the last
 * name with that prefix, so {@code team-a/**} never reads the rest of the store.
 */
final class MatchingRepositories {
    private static final int PAGE = 500;

    private final RepositoryCatalog catalog;

    MatchingRepositories(RepositoryCatalog catalog) {
        this.catalog = catalog;
    }

    /** Calls {@code each} once per covered repository with its rule; returns how many there were. */
    int forEach(List<RetentionRule> rules, BiConsumer<RepositoryName, RetentionRule> each) {
        int covered = 0;
        for (String prefix : disjointPrefixes(rules)) {
            String after = justBefore(prefix);
            boolean more = true;
            while (more) {
                Page<String> page = catalog.page(after, PAGE);
                for (String name : page.items()) {
                    if (!name.startsWith(prefix)) {
                        more = false;
                        break;
                    }
                    after = name;
                    Optional<RetentionRule> rule = firstMatch(rules, name);
                    if (rule.isPresent()) {
                        each.accept(RepositoryName.of(name), rule.get());
                        covered++;
                    }
                }
                more = more && page.hasMore();
            }
        }
        return covered;
    }

    private static Optional<RetentionRule> firstMatch(List<RetentionRule> rules, String name) {
        if (!RepositoryName.isValid(name)) {
            return Optional.empty();
        }
        return rules.stream().filter(rule -> rule.repositories().matches(name)).findFirst();
    }

    /** The rules' literal prefixes, without those a shorter one already covers. */
    private static List<String> disjointPrefixes(List<RetentionRule> rules) {
        TreeSet<String> sorted = new TreeSet<>();
        rules.forEach(rule -> sorted.add(rule.repositories().literalPrefix()));
        TreeSet<String> disjoint = new TreeSet<>();
        for (String prefix : sorted) {
            if (disjoint.isEmpty() || !prefix.startsWith(disjoint.last())) {
                disjoint.add(prefix);
            }
        }
        return List.copyOf(disjoint);
    }

    /** A name that sorts just before every name starting with {@code prefix} (null: from the first). */
    private static String justBefore(String prefix) {
        if (prefix.isEmpty()) {
            return null;
        }
        // Repository names use only [a-z0-9._/-], so no name falls between this and the prefix.
        char last = prefix.charAt(prefix.length() - 1);
        return prefix.substring(0, prefix.length() - 1) + (char) (last - 1) + '\uffff';
    }
}
