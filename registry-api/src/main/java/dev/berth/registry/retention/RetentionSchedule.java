package dev.berth.registry.retention;

import dev.berth.registry.access.ReadOnlyMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.CronTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.scheduling.support.CronTrigger;

/**
 * Runs the retention policies on {@code registry.retention.schedule}, unless the registry is
 * read-only. Decided when the tasks are set up rather than by a condition on the bean, so the bean
 * definitions Spring AOT generates at build serve every schedule.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication // the jar's commands run once and exit
@EnableScheduling
public class RetentionSchedule implements SchedulingConfigurer {
    private static final Logger log = LoggerFactory.getLogger(RetentionSchedule.class);

    private final Retention retention;
    private final RetentionProperties properties;
    private final ReadOnlyMode readOnly;

    public RetentionSchedule(Retention retention, RetentionProperties properties, ReadOnlyMode readOnly) {
        this.retention = retention;
        this.properties = properties;
        this.readOnly = readOnly;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar tasks) {
        if (properties.schedule().isBlank() || readOnly.enabled()) {
            return;
        }
        tasks.addCronTask(new CronTask(this::runLoggingFailures, new CronTrigger(properties.schedule())));
    }

    /** A failed run is logged and tried again at the next tick; it must not end the schedule. */
    private void runLoggingFailures() {
        try {
            retention.run(false);
        } catch (RuntimeException e) {
            log.error("retention run failed", e);
        }
    }
}
