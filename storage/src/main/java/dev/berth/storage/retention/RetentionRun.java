package dev.berth.storage.retention;

import dev.berth.oci.Digest;
import dev.berth.oci.RepositoryName;
import dev.berth.storage.RegistryStorage;
import dev.berth.storage.retention.TagSweep.Doomed;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Applies retention rules to the store: for each covered repository, the tags its rule lets go,
 * then (if the rule says {@code untagged}) the manifests no remaining tag reaches. A dry run makes
 * the same decisions and removes nothing. Removals only unlink: garbage collection frees the bytes.
 */
public final class RetentionRun {
    private final RegistryStorage storage;
    private final TagProtection protection;
    private final Clock clock;

    /** @param clock what "now" is for older-than and not-pulled-for */
    public RetentionRun(RegistryStorage storage, TagProtection protection, Clock clock) {
        this.storage = storage;
        this.protection = protection;
        this.clock = clock;
    }

    /** @param removed told of each removal as it happens (not on a dry run): the webhook events */
    public RetentionReport run(List<RetentionRule> rules, boolean dryRun, Consumer<Removal> removed) {
        Instant now = clock.instant();
        List<Removal> removals = new ArrayList<>();
        List<Protected> kept = new ArrayList<>();
        TagSweep tagSweep = new TagSweep(storage.tags(), storage.tagPulls(), protection, now);
        UntaggedSweep untaggedSweep = new UntaggedSweep(storage.tags(), storage.manifests(),
                storage.gracePeriod(), now);
        int repositories = new MatchingRepositories(storage.catalog()).forEach(rules, (name, rule) -> {
            TagSweep.Result tags = tagSweep.sweep(name, rule);
            kept.addAll(tags.kept());
            Set<String> gone = new HashSet<>();
            for (Doomed doomed : tags.doomed()) {
                if (dryRun || removeTag(name, doomed)) {
                    gone.add(doomed.tag().value());
                    Removal removal = new Removal(name.value(), doomed.tag().value(), doomed.digest().toString(),
                            doomed.reason());
                    removals.add(removal);
                    if (!dryRun) {
                        removed.accept(removal);
                    }
                }
            }
            if (rule.untagged()) {
                for (Digest manifest : untaggedSweep.sweep(name, gone)) {
                    if (!dryRun) {
                        storage.manifests().deleteUntagged(name, manifest);
                    }
                    Removal removal = new Removal(name.value(), null, manifest.toString(), "untagged");
                    removals.add(removal);
                    if (!dryRun) {
                        removed.accept(removal);
                    }
                }
            }
        });
        return new RetentionReport(dryRun, now, clock.instant(), repositories, removals, kept);
    }

    /** Removes the tag unless it was pushed again since the decision (then it is new, and stays). */
    private boolean removeTag(RepositoryName name, Doomed doomed) {
        boolean unchanged = storage.tags().pushedAt(name, doomed.tag()).filter(doomed.pushedAt()::equals).isPresent();
        return unchanged && storage.tags().remove(name, doomed.tag());
    }
}
