package dev.berth.storage.replication;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What was done for one rule: by one replica, or summed over all of them.
 *
 * @param lastRunStarted  when the latest run (scan of the source, or queue pass) began; null if never
 * @param lastRunFinished when it ended; null if never
 * @param copied          items copied (or deleted) successfully
 * @param bytes           blob and manifest bytes sent to the destination
 * @param failed          failed attempts
 * @param recentFailures  the latest failures with their reasons, newest first
 */
public record RuleActivity(Instant lastRunStarted, Instant lastRunFinished, long copied, long bytes, long failed,
                           List<Failure> recentFailures) {
    static final int KEPT_FAILURES = 20;

    public record Failure(Instant at, String item, String reason) {
    }

    public static RuleActivity none() {
        return new RuleActivity(null, null, 0, 0, 0, List.of());
    }

    public RuleActivity runStarted(Instant at) {
        return new RuleActivity(at, lastRunFinished, copied, bytes, failed, recentFailures);
    }

    public RuleActivity runFinished(Instant at) {
        return new RuleActivity(lastRunStarted, at, copied, bytes, failed, recentFailures);
    }

    public RuleActivity copied(long sentBytes) {
        return new RuleActivity(lastRunStarted, lastRunFinished, copied + 1, bytes + sentBytes, failed, recentFailures);
    }

    public RuleActivity failed(Failure failure) {
        List<Failure> kept = new ArrayList<>();
        kept.add(failure);
        kept.addAll(recentFailures.subList(0, Math.min(recentFailures.size(), KEPT_FAILURES - 1)));
        return new RuleActivity(lastRunStarted, lastRunFinished, copied, bytes, failed + 1, List.copyOf(kept));
    }

    /** The sum of two replicas' activity: totals added, latest times, newest failures of both. */
    RuleActivity plus(RuleActivity other) {
        List<Failure> failures = new ArrayList<>(recentFailures);
        failures.addAll(other.recentFailures);
        failures.sort(Comparator.comparing(Failure::at).reversed());
        return new RuleActivity(later(lastRunStarted, other.lastRunStarted), later(lastRunFinished, other.lastRunFinished),
                copied + other.copied, bytes + other.bytes, failed + other.failed,
                List.copyOf(failures.subList(0, Math.min(failures.size(), KEPT_FAILURES))));
    }

    private static Instant later(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
    }
}
