package dev.berth.registry.maintenance;

import dev.berth.registry.config.RegistryProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.time.Duration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.CronTask;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.scheduling.support.CronTrigger;

/** Runs garbage collection on {@code registry.gc.schedule} and upload clean-up every cleanup interval. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication // the housekeeping commands run once and exit
@EnableScheduling
public class MaintenanceSchedule implements SchedulingConfigurer {
    private static final Logger log = LoggerFactory.getLogger(MaintenanceSchedule.class);

    private final Maintenance maintenance;
    private final RegistryProperties properties;

    public MaintenanceSchedule(Maintenance maintenance, RegistryProperties properties) {
        this.maintenance = maintenance;
        this.properties = properties;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar tasks) {
        if (properties.readOnly()) {
            log.info("read-only mode: no scheduled garbage collection or upload clean-up");
            return;
        }
        String schedule = properties.gc().schedule();
        if (!schedule.isBlank()) {
            tasks.addCronTask(new CronTask(
                    () -> logFailures("garbage collection", () -> maintenance.collectGarbage(false, null)),
                    new CronTrigger(schedule)));
        }
        Duration interval = properties.uploads().cleanupInterval();
        tasks.addFixedDelayTask(new FixedDelayTask(
                () -> logFailures("upload clean-up", maintenance::removeAbandonedUploads), interval, interval));
    }

    /** A failed run is logged and retried at the next tick; it must not end the schedule. */
    private static void logFailures(String job, Runnable run) {
        try {
            run.run();
        } catch (RuntimeException e) {
            log.error("{} failed", job, e);
        }
    }
}
