package dev.berth.registry.audit;

import dev.berth.storage.audit.AuditExpiry;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/**
 * Removes audit days past {@code registry.audit.retention} every {@link #INTERVAL}, the first time
 * one interval after start-up (never during it). Every replica may do it; removing a day twice is
 * harmless. Not while read-only.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication // the jar's commands run once and exit
@ConditionalOnExpression("!${registry.read-only:false}")
@EnableScheduling
public class AuditExpirySchedule implements SchedulingConfigurer {
    static final Duration INTERVAL = Duration.ofHours(1);
    private static final Logger log = LoggerFactory.getLogger(AuditExpirySchedule.class);

    private final AuditExpiry expiry;
    private final AuditProperties properties;

    public AuditExpirySchedule(AuditExpiry expiry, AuditProperties properties) {
        this.expiry = expiry;
        this.properties = properties;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar tasks) {
        tasks.addFixedDelayTask(new FixedDelayTask(this::expire, INTERVAL, INTERVAL));
    }

    /** Logged, never thrown: a failed run is retried at the next tick. */
    void expire() {
        try {
            int removed = expiry.removeDaysBefore(Clock.systemUTC().instant().minus(properties.retention()));
            if (removed > 0) {
                log.info("audit trail: removed {} day(s) older than {}", removed, properties.retention());
            }
        } catch (RuntimeException e) {
            log.error("audit expiry failed", e);
        }
    }
}
