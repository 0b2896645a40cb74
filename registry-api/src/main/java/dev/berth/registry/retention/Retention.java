package dev.berth.registry.retention;

import dev.berth.oci.Digest;
import dev.berth.oci.RepositoryName;
import dev.berth.registry.access.ReadOnlyMode;
import dev.berth.registry.content.ContentChange;
import dev.berth.storage.RegistryStorage;
import dev.berth.storage.retention.RetentionReport;
import dev.berth.storage.retention.RetentionRule;
import dev.berth.storage.retention.RetentionRun;
import dev.berth.storage.retention.TagProtection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Runs the configured retention policies, as the schedule, the admin API and the jar command ask:
 * one run at a time per process; each removal is a delete event; the result is kept for the UI.
 */
@Component
public class Retention {
    private static final Logger log = LoggerFactory.getLogger(Retention.class);

    private final RegistryStorage storage;
    private final RetentionProperties properties;
    private final List<RetentionRule> rules;
    private final TagProtection protection;
    private final ApplicationEventPublisher changes;
    private final ReadOnlyMode readOnly;
    private final LastRun lastRun;
    private final ReentrantLock running = new ReentrantLock();

    public Retention(RegistryStorage storage, RetentionProperties properties, TagProtection protection,
                     ApplicationEventPublisher changes, ReadOnlyMode readOnly) {
        this.storage = storage;
        this.properties = properties;
        this.rules = properties.toRules();
        this.protection = protection;
        this.changes = changes;
        this.readOnly = readOnly;
        this.lastRun = new LastRun(storage.driver());
    }

    public RetentionReport run(boolean dryRun) {
        if (!dryRun) {
            readOnly.requireWritable();
        }
        if (!running.tryLock()) {
            throw new RunningException();
        }
        try {
            log.info("retention {} started over {} rules", dryRun ? "dry run" : "run", rules.size());
            RetentionReport report = new RetentionRun(storage, protection, storage.clock()).run(rules, dryRun,
                    removal -> {
                        RepositoryName name = RepositoryName.of(removal.repository());
                        Digest digest = Digest.parse(removal.digest());
                        changes.publishEvent(new ContentChange.RemovedByPolicy(name, removal.tag(), digest));
                    });
            log.info("retention {}", report.summary());
            if (!readOnly.enabled()) {
                lastRun.save(report);
            }
            return report;
        } finally {
            running.unlock();
        }
    }

    /** The policies as configured, and what the last run (on any replica) did. */
    public Overview overview() {
        return new Overview(properties.schedule(), properties.rules(), lastRun.read());
    }

    public record Overview(String schedule, List<RetentionProperties.Rule> rules, Optional<LastRun.Summary> lastRun) {
    }

    /** Another run holds the lock; the caller may try again when it ends. */
    public static final class RunningException extends RuntimeException {
        RunningException() {
            super("a retention run is already running");
        }
    }
}
