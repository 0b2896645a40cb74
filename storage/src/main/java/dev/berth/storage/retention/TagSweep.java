package dev.berth.storage.retention;

import dev.berth.oci.Digest;
import dev.berth.oci.RepositoryName;
import dev.berth.oci.Tag;
import dev.berth.storage.manifest.TagLink;
import dev.berth.storage.manifest.TagPulls;
import dev.berth.storage.manifest.TagStore;
import dev.berth.storage.retention.NewestTags.Pushed;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decides which tags of one repository a rule removes, in one pass over its tag index a page at a
 * time. A tag's link gives its manifest and push time in one read; the last pull is read only for
 * tags that every other limit already lets go.
 */
final class TagSweep {
    /** A tag to remove, with the push time the decision saw, so a real run spares a tag pushed since. */
    record Doomed(Tag tag, Digest digest, Instant pushedAt, String reason) {
    }

    record Result(List<Doomed> doomed, List<Protected> kept) {
    }

    private final TagStore tags;
    private final TagPulls pulls;
    private final TagProtection protection;
    private final Instant now;

    TagSweep(TagStore tags, TagPulls pulls, TagProtection protection, Instant now) {
        this.tags = tags;
        this.pulls = pulls;
        this.protection = protection;
        this.now = now;
    }

    Result sweep(RepositoryName name, RetentionRule rule) {
        List<Doomed> doomed = new ArrayList<>();
        List<Protected> kept = new ArrayList<>();
        if (!rule.removesTags()) {
            return new Result(doomed, kept);
        }
        NewestTags newest = rule.keepLast().isPresent() ? new NewestTags(rule.keepLast().getAsInt()) : null;
        for (String tag : tags.all(name)) {
            if (rule.keepsByName(tag)) {
                continue;
            }
            Optional<TagLink> link = tags.link(name, new Tag(tag));
            if (link.isEmpty() || link.get().pushedAt().isEmpty()) {
                continue; // removed while we walked
            }
            Pushed seen = new Pushed(tag, link.get().pushedAt().get(), link.get().manifest());
            Optional<Pushed> candidate = newest == null ? Optional.of(seen) : newest.offer(seen);
            if (candidate.isEmpty()) {
                continue;
            }
            Pushed each = candidate.get();
            Optional<String> reason = reason(name, rule, each);
            if (reason.isEmpty()) {
                continue;
            }
            Optional<String> by = protection.protects(name, each.tag());
            if (by.isPresent()) {
                kept.add(new Protected(name.value(), each.tag(), by.get()));
                continue;
            }
            doomed.add(new Doomed(new Tag(each.tag()), each.digest(), each.at(), reason.get()));
        }
        return new Result(doomed, kept);
    }

    /** Why the tag goes, when every limit the rule sets lets it go. */
    private Optional<String> reason(RepositoryName name, RetentionRule rule, Pushed tag) {
        List<String> reasons = new ArrayList<>();
        rule.keepLast().ifPresent(n -> reasons.add("not among the " + n + " newest"));
        if (rule.olderThan().isPresent()) {
            if (!tag.at().isBefore(now.minus(rule.olderThan().get()))) {
                return Optional.empty();
            }
            reasons.add("pushed more than " + rule.olderThan().get() + " ago");
        }
        if (rule.notPulledFor().isPresent()) {
            // Never pulled counts from the push: a new tag is not stale at once.
            Instant lastUse = pulls.lastPulled(name, new Tag(tag.tag())).filter(tag.at()::isBefore).orElse(tag.at());
            if (!lastUse.isBefore(now.minus(rule.notPulledFor().get()))) {
                return Optional.empty();
            }
            reasons.add("not pulled for " + rule.notPulledFor().get());
        }
        return Optional.of(String.join(", ", reasons));
    }
}
