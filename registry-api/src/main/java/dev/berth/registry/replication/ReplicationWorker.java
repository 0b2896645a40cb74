package dev.berth.registry.replication;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.CronTask;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.scheduling.support.CronTrigger;

/**
 * Works the replication queue while the server runs: every {@code poll-interval} it copies what is
 * due (retries, items a stopped replica left), and runs the {@code schedule} rules on their cron.
 * Without rules it sets up nothing; decided here rather than by a condition on the bean, so the bean
 * definitions Spring AOT generates at build serve every set of rules.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication // the jar's commands run once and exit
@EnableScheduling
public class ReplicationWorker implements SchedulingConfigurer {
    private final Replication replication;
    private final ReplicationProperties properties;

    public ReplicationWorker(Replication replication, ReplicationProperties properties) {
        this.replication = replication;
        this.properties = properties;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar tasks) {
        if (properties.rules().isEmpty()) {
            return;
        }
        tasks.addFixedDelayTask(new FixedDelayTask(replication::drainAll, properties.pollInterval(), properties.pollInterval()));
        for (ReplicationRule rule : replication.scheduled()) {
            tasks.addCronTask(new CronTask(() -> replication.runScheduled(rule), new CronTrigger(rule.schedule())));
        }
    }
}
