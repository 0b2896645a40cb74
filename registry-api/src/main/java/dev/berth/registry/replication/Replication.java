package dev.berth.registry.replication;

import dev.berth.oci.Reference;
import dev.berth.registry.access.ReadOnlyMode;
import dev.berth.registry.content.ContentChange;
import dev.berth.storage.replication.ReplicationActivity;
import dev.berth.storage.replication.RuleActivity;
import dev.berth.storage.replication.WorkItem;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;

/**
 * The configured replication rules and what can be asked of them: run one now, show each with its
 * activity and backlog, queue what a push changed for the on-push rules it concerns.
 */
public class Replication implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Replication.class);

    /** One rule as the admin API shows it; no credentials. */
    public record RuleOverview(String name, String direction, URI remote, List<String> repositories,
                               String destinationPrefix, String tags, String trigger, String schedule,
                               boolean includeReferrers, boolean delete, int backlog, RuleActivity activity) {
    }

    private final Map<String, ReplicationRule> rules = new LinkedHashMap<>();
    private final Replicator replicator;
    private final ReadOnlyMode readOnly;
    private final ExecutorService onPush = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "replication-on-push");
        thread.setDaemon(true);
        return thread;
    });
    private final ReplicationActivity activity;
    private final Set<String> drainRequested = ConcurrentHashMap.newKeySet();

    Replication(List<ReplicationRule> rules, Replicator replicator, ReplicationActivity activity,
                ReadOnlyMode readOnly) {
        for (ReplicationRule rule : rules) {
            if (this.rules.putIfAbsent(rule.name(), rule) != null) {
                throw new IllegalStateException("registry.replication.rules: two rules are named '" + rule.name() + "'");
            }
            replicator.registerMetrics(rule);
        }
        this.replicator = replicator;
        this.activity = activity;
        this.readOnly = readOnly;
    }

    public boolean has(String rule) {
        return rules.containsKey(rule);
    }

    /** Runs the rule now: queues every matching tag of its source and copies what is due. */
    public RunReport run(String name) {
        ReplicationRule rule = rule(name);
        requireWritable(rule);
        return replicator.run(rule);
    }

    /** Copies what is due of every rule: retries whose time came, items another replica left behind. */
    public void drainAll() {
        for (ReplicationRule rule : rules.values()) {
            if (rule.direction() == ReplicationRule.Direction.PULL && readOnly.enabled()) {
                continue;
            }
            try {
                replicator.poll(rule);
            } catch (RuntimeException e) {
                log.error("replication {}: draining the queue failed", rule.name(), e);
            }
        }
    }

    /** A scheduled run; a failure is logged and the next tick tries again. */
    void runScheduled(ReplicationRule rule) {
        if (rule.direction() == ReplicationRule.Direction.PULL && readOnly.enabled()) {
            return;
        }
        try {
            RunReport report = replicator.run(rule);
            log.info("replication {}", report.summary());
        } catch (RuntimeException e) {
            log.error("replication {}: scheduled run failed", rule.name(), e);
        }
    }

    /** The scheduled runs of the {@code schedule} rules. */
    List<ReplicationRule> scheduled() {
        return rules.values().stream().filter(rule -> rule.trigger() == ReplicationRule.Trigger.SCHEDULE).toList();
    }

    public List<RuleOverview> overview() {
        return rules.values().stream().map(rule -> new RuleOverview(rule.name(), rule.direction().name().toLowerCase(),
                rule.remote().url(), rule.repositoryGlobs(), rule.destinationPrefix(), rule.tagsText(),
                rule.trigger().name().toLowerCase().replace('_', '-'), rule.schedule(), rule.includeReferrers(),
                rule.propagatesDeletes(), replicator.queue().backlog(rule.name()), activity.of(rule.name()))).toList();
    }

    /**
     * A manifest pushed or deleted here: queued for every on-push rule that copies it, then copied
     * off the request's thread. Pushes by digest are queued only when they are referrers (a
     * signature, an SBOM); an index's children arrive with the index.
     */
    @EventListener
    public void changed(ContentChange change) {
        ManifestChanged.of(change).forEach(this::queueOnPush);
    }

    /** One manifest pushed or deleted, queued for the on-push rules that copy it. */
    void queueOnPush(ManifestChanged change) {
        List<ReplicationRule> concerned = rules.values().stream()
                .filter(rule -> rule.trigger() == ReplicationRule.Trigger.ON_PUSH)
                .filter(rule -> rule.copiesRepository(change.name().value()))
                .filter(rule -> !change.deleted() || rule.propagatesDeletes())
                .toList();
        if (concerned.isEmpty()) {
            return;
        }
        onPush.execute(() -> {
            for (ReplicationRule rule : concerned) {
                try {
                    if (queue(rule, change)) {
                        requestDrain(rule);
                    }
                } catch (RuntimeException e) {
                    log.error("replication {}: queueing {} failed", rule.name(), change, e);
                }
            }
        });
    }

    /** One drain follows any number of pushes queued before it starts. */
    private void requestDrain(ReplicationRule rule) {
        if (drainRequested.add(rule.name())) {
            onPush.execute(() -> {
                drainRequested.remove(rule.name());
                try {
                    replicator.drain(rule);
                } catch (RuntimeException e) {
                    log.error("replication {}: copying pushed content failed; the next poll tries again", rule.name(), e);
                }
            });
        }
    }

    private boolean queue(ReplicationRule rule, ManifestChanged change) {
        String repository = change.name().value();
        WorkItem.Action action = change.deleted() ? WorkItem.Action.DELETE : WorkItem.Action.COPY;
        if (change.reference() instanceof Reference.ByTag byTag) {
            if (!rule.copiesTag(byTag.tag().value())) {
                return false;
            }
        } else if (!change.deleted() && !(rule.includeReferrers()
                && replicator.isReferrer(repository, ((Reference.ByDigest) change.reference()).digest()))) {
            return false;
        }
        replicator.queue().enqueue(rule.name(), repository, change.reference().toString(), action);
        return true;
    }

    private ReplicationRule rule(String name) {
        return Optional.ofNullable(rules.get(name)).orElseThrow(() -> new UnknownRuleException(name));
    }

    private void requireWritable(ReplicationRule rule) {
        if (rule.direction() == ReplicationRule.Direction.PULL) {
            readOnly.requireWritable();
        }
    }

    @Override
    public void close() {
        onPush.shutdownNow();
        replicator.close();
    }

    /** No rule of that name is configured. */
    public static final class UnknownRuleException extends RuntimeException {
        UnknownRuleException(String name) {
            super("no replication rule is named '" + name + "'");
        }
    }
}
