package dev.berth.registry.replication;

import java.util.List;

/**
 * What one run of a rule did: items copied (or deleted), tags found unchanged, bytes sent, the
 * failures with their reasons, and what is left queued (retries due later).
 */
public record RunReport(String rule, int queued, int copied, int unchanged, long bytes, List<String> failures,
                        int backlog) {

    public boolean succeeded() {
        return failures.isEmpty();
    }

    public String summary() {
        return "rule " + rule + ": " + queued + " queued, " + copied + " copied, " + unchanged + " unchanged, "
                + bytes + " bytes sent, " + failures.size() + " failed, " + backlog + " left in the queue";
    }
}
