package dev.berth.storage.replication;

import java.time.Instant;
import java.util.regex.Pattern;

/**
 * One thing a replication rule still has to do: copy (or delete) one tag or digest of one
 * repository. {@code version} changes each time the item is queued again, so finishing an older
 * copy does not drop a newer request for the same tag.
 *
 * @param attempts  how many times it failed so far
 * @param notBefore when it may be tried again (after a failure: backoff)
 * @param lastError why the last attempt failed, or null
 */
public record WorkItem(String rule, String repository, String reference, Action action, int attempts,
                       Instant notBefore, String lastError, String version) {
    private static final Pattern RULE_NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    public enum Action { COPY, DELETE }

    public WorkItem {
        requireRuleName(rule);
        if (repository == null || repository.isEmpty() || reference == null || reference.isEmpty()) {
            throw new IllegalArgumentException("a work item needs a repository and a reference");
        }
    }

    /** Rule names become part of store paths, so they are checked like repository names are. */
    public static String requireRuleName(String rule) {
        if (rule == null || !RULE_NAME.matcher(rule).matches()) {
            throw new IllegalArgumentException("replication rule name '" + rule
                    + "' must be 1-64 of a-z, 0-9, '.', '_', '-', starting with a letter or digit");
        }
        return rule;
    }

    public boolean isDue(Instant now) {
        return !notBefore.isAfter(now);
    }

    WorkItem dueAt(Instant when) {
        return new WorkItem(rule, repository, reference, action, attempts, when, lastError, version);
    }

    WorkItem failed(String error, Instant retryAt) {
        return new WorkItem(rule, repository, reference, action, attempts + 1, retryAt, error, version);
    }

    @Override
    public String toString() {
        return (action == Action.DELETE ? "delete " : "") + repository + (reference.contains(":") ? "@" : ":") + reference;
    }
}
