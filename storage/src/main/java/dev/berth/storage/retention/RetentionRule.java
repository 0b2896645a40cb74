package dev.berth.storage.retention;

import dev.berth.storage.lifecycle.Glob;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * One policy over the repositories its glob matches. A tag goes when every limit set says so: it is
 * not among the {@code keepLast} newest, was pushed before {@code olderThan}, and nobody pulled it
 * for {@code notPulledFor}. Tags matching {@code keepTags} always stay and do not count towards
 * keep-last. Without any of the three limits no tag goes, so a rule that only says
 * {@code untagged} cannot empty a repository by accident.
 *
 * @param untagged also remove manifests that no remaining tag reaches
 */
public record RetentionRule(Glob repositories, OptionalInt keepLast, Optional<Pattern> keepTags,
                            Optional<Duration> olderThan, Optional<Duration> notPulledFor, boolean untagged) {

    public RetentionRule {
        if (keepLast.isPresent() && keepLast.getAsInt() < 0) {
            throw new IllegalArgumentException("keep-last must not be negative");
        }
    }

    /** Whether the rule removes tags at all. */
    public boolean removesTags() {
        return keepLast.isPresent() || olderThan.isPresent() || notPulledFor.isPresent();
    }

    boolean keepsByName(String tag) {
        return keepTags.map(pattern -> pattern.matcher(tag).matches()).orElse(false);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(repositories.toString());
        keepLast.ifPresent(n -> text.append(" keep-last=").append(n));
        keepTags.ifPresent(p -> text.append(" keep-tags=").append(p));
        olderThan.ifPresent(d -> text.append(" older-than=").append(d));
        notPulledFor.ifPresent(d -> text.append(" not-pulled-for=").append(d));
        if (untagged) {
            text.append(" untagged");
        }
        return text.toString();
    }
}
