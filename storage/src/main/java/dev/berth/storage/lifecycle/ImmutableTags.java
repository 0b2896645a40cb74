package dev.berth.storage.lifecycle;

import dev.berth.oci.Digest;
import dev.berth.oci.ErrorCode;
import dev.berth.oci.OciException;
import dev.berth.oci.RepositoryName;
import dev.berth.oci.Tag;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Tags that, once they exist, never move and are never deleted. Storage asks it before changing a
 * tag; retention asks {@link #protects} before removing one.
 */
public final class ImmutableTags implements TagGuard {
    private final List<ImmutableTagRule> rules;

    public ImmutableTags(List<ImmutableTagRule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** The first rule that makes the tag immutable, if any. */
    public Optional<ImmutableTagRule> protects(RepositoryName name, String tag) {
        return rules.stream()
                .filter(rule -> rule.repositories().matches(name.value()) && rule.tags().matches(tag))
                .findFirst();
    }

    @Override
    public void beforeMove(RepositoryName name, Tag tag, Digest current, Digest next) {
        if (!current.equals(next)) {
            protects(name, tag.value()).ifPresent(rule -> {
                throw refusal(name, tag, "cannot be moved to " + next, rule,
                        Map.of("repository", name.value(), "tag", tag.value(), "digest", next.toString()));
            });
        }
    }

    @Override
    public void beforeDelete(RepositoryName name, Tag tag) {
        protects(name, tag.value()).ifPresent(rule -> {
            throw refusal(name, tag, "cannot be deleted", rule, Map.of("repository", name.value(), "tag", tag.value()));
        });
    }

    /** The detail names the digest a move was refused for, so the audit trail can record what was pushed. */
    private static OciException refusal(RepositoryName name, Tag tag, String what, ImmutableTagRule rule,
                                        Map<String, String> detail) {
        return new OciException(ErrorCode.DENIED, "tag " + tag.value() + " of " + name + " is immutable and " + what
                + ": rule " + rule.describe(), detail);
    }
}
