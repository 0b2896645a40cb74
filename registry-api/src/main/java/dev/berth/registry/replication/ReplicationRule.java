package dev.berth.registry.replication;

import dev.berth.oci.RepositoryName;
import dev.berth.registry.remote.RemoteRegistry;
import dev.berth.storage.lifecycle.Glob;
import dev.berth.storage.replication.WorkItem;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.springframework.scheduling.support.CronExpression;

/** One configured rule, checked at start-up: a bad name, URL, glob, regex or cron fails the start with its setting. */
final class ReplicationRule {

    enum Direction { PUSH, PULL }

    enum Trigger { ON_PUSH, SCHEDULE, MANUAL }

    private final String name;
    private final Direction direction;
    private final RemoteRegistry remote;
    private final List<Glob> repositories;
    private final String destinationPrefix;
    private final String tagsText;
    private final Predicate<String> tags;
    private final Trigger trigger;
    private final String schedule;
    private final boolean includeReferrers;
    private final boolean delete;

    ReplicationRule(ReplicationProperties.Rule settings, Duration timeout) {
        String where = "registry.replication.rules[" + settings.name() + "]";
        try {
            this.name = WorkItem.requireRuleName(settings.name());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("registry.replication.rules: " + e.getMessage());
        }
        this.direction = parse(Direction.class, settings.direction(), where + ".direction", "push or pull");
        this.trigger = parse(Trigger.class, settings.trigger(), where + ".trigger", "on-push, schedule or manual");
        if (settings.remote() == null || settings.remote().getHost() == null
                || !("http".equals(settings.remote().getScheme()) || "https".equals(settings.remote().getScheme()))) {
            throw new IllegalStateException(where + ".remote must be an http(s) URL, e.g. https://registry.example.com; got "
                    + settings.remote());
        }
        if (settings.repositories().isEmpty()) {
            throw new IllegalStateException(where + ".repositories must name at least one glob, e.g. team/**");
        }
        this.repositories = settings.repositories().stream().map(Glob::of).toList();
        String prefix = settings.destinationPrefix().strip();
        if (!prefix.isEmpty() && !RepositoryName.isValid(prefix)) {
            throw new IllegalStateException(where + ".destination-prefix '" + prefix + "' must be a valid repository name");
        }
        this.destinationPrefix = prefix;
        if (!settings.tagsRegex().isBlank()) {
            Pattern pattern = Pattern.compile(settings.tagsRegex());
            this.tags = tag -> pattern.matcher(tag).matches();
            this.tagsText = "regex " + settings.tagsRegex();
        } else {
            Glob glob = Glob.of(settings.tags());
            this.tags = glob::matches;
            this.tagsText = settings.tags();
        }
        if (trigger == Trigger.ON_PUSH && direction == Direction.PULL) {
            throw new IllegalStateException(where + ": trigger on-push applies to push rules; a pull rule runs on a schedule or manually");
        }
        if (trigger == Trigger.SCHEDULE) {
            if (!CronExpression.isValidExpression(settings.schedule())) {
                throw new IllegalStateException(where + ".schedule must be a cron expression of six fields, e.g. '0 */15 * * * *'; got '"
                        + settings.schedule() + "'");
            }
        }
        this.schedule = settings.schedule();
        this.includeReferrers = settings.includeReferrers();
        this.delete = settings.delete();
        this.remote = new RemoteRegistry(name, settings.remote(), settings.username(), settings.password(), timeout);
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String value, String setting, String allowed) {
        try {
            return Enum.valueOf(type, value.strip().replace('-', '_').toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            throw new IllegalStateException(setting + " must be " + allowed + "; got '" + value + "'");
        }
    }

    String name() {
        return name;
    }

    Direction direction() {
        return direction;
    }

    RemoteRegistry remote() {
        return remote;
    }

    Trigger trigger() {
        return trigger;
    }

    String schedule() {
        return schedule;
    }

    boolean includeReferrers() {
        return includeReferrers;
    }

    boolean propagatesDeletes() {
        return delete;
    }

    List<String> repositoryGlobs() {
        return repositories.stream().map(Glob::text).toList();
    }

    String tagsText() {
        return tagsText;
    }

    String destinationPrefix() {
        return destinationPrefix;
    }

    boolean copiesRepository(String repository) {
        return repositories.stream().anyMatch(glob -> glob.matches(repository));
    }

    boolean copiesTag(String tag) {
        return tags.test(tag);
    }

    /** The globs without wildcards: repositories named outright, found without a catalog. */
    List<String> literalRepositories() {
        return repositories.stream().map(Glob::text).filter(text -> text.indexOf('*') < 0 && text.indexOf('?') < 0).toList();
    }

    String destinationOf(String repository) {
        return destinationPrefix.isEmpty() ? repository : destinationPrefix + "/" + repository;
    }
}
