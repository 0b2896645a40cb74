package dev.berth.registry.retention;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.CronTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.scheduling.support.CronTrigger;

/** Runs the retention policies on {@code registry.retention.schedule}, unless the registry is read-only. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication // the jar's commands run once and exit
@ConditionalOnExpression("'${registry.retention.schedule:}' != '' and !${registry.read-only:false}")
@EnableScheduling
public class RetentionSchedule implements SchedulingConfigurer {
    private static final Logger log = LoggerFactory.getLogger(RetentionSchedule.class);

    private final Retention retention;
    private final RetentionProperties properties;

    public RetentionSchedule(Retention retention, RetentionProperties properties) {
        this.retention = retention;
        this.properties = properties;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar tasks) {
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
