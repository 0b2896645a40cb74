package dev.berth.registry.retention;

import dev.berth.storage.lifecycle.Glob;
import dev.berth.storage.retention.RetentionRule;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code registry.retention}; docs/configuration.md documents each.
 *
 * @param schedule cron expression (Spring's six fields); empty: runs only when asked for
 * @param rules    the policies; a repository follows the first rule whose glob matches it
 */
@ConfigurationProperties("registry.retention")
public record RetentionProperties(@DefaultValue("") String schedule, @DefaultValue List<Rule> rules) {

    /**
     * @param repositories glob of repository names ({@code team-a/**})
     * @param keepLast     keep this many of the most recently pushed tags
     * @param keepTags     regular expression of tags that always stay
     * @param olderThan    remove only tags pushed longer ago than this
     * @param notPulledFor remove only tags nobody pulled (nor pushed) for this long
     * @param untagged     also remove manifests no remaining tag reaches
     */
    public record Rule(String repositories, Integer keepLast, String keepTags, Duration olderThan,
                       Duration notPulledFor, @DefaultValue("false") boolean untagged) {

        RetentionRule toRule() {
            return new RetentionRule(Glob.of(repositories),
                    keepLast == null ? OptionalInt.empty() : OptionalInt.of(keepLast),
                    Optional.ofNullable(keepTags).filter(text -> !text.isBlank()).map(Pattern::compile),
                    Optional.ofNullable(olderThan), Optional.ofNullable(notPulledFor), untagged);
        }
    }

    /** The rules as storage evaluates them; a bad glob or regex fails start-up. */
    public List<RetentionRule> toRules() {
        return rules.stream().map(Rule::toRule).toList();
    }
}
