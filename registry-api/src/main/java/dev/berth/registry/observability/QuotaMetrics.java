package dev.berth.registry.observability;

import dev.berth.storage.RegistryStorage;
import dev.berth.storage.quota.Quota;
import dev.berth.storage.quota.QuotaUsage;
import dev.berth.storage.quota.Quotas;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Each quota's usage and limit as gauges, {@code berth_quota_used_bytes{quota="team-a/**"}} and
 * {@code berth_quota_limit_bytes}, so an alert can fire before pushes start being refused. Usage is
 * read from the store (one listing and one small read per quota) at most once per {@link #FRESH},
 * however many gauges a scrape reads.
 */
@Component
public class QuotaMetrics {
    static final Duration FRESH = Duration.ofSeconds(5);

    private final Quotas quotas;
    private List<QuotaUsage> usage = List.of();
    private long readAt;

    public QuotaMetrics(RegistryStorage storage, MeterRegistry registry) {
        this.quotas = storage.quotas();
        List<Quota> configured = quotas.quotas();
        for (int i = 0; i < configured.size(); i++) {
            int index = i;
            Quota quota = configured.get(i);
            Gauge.builder("berth.quota.used", this, metrics -> metrics.used(index))
                    .description("bytes of distinct content the quota's repositories hold")
                    .baseUnit("bytes").tag("quota", quota.repositories().text()).register(registry);
            Gauge.builder("berth.quota.limit", quota, Quota::limitBytes)
                    .description("bytes the quota's repositories may hold together")
                    .baseUnit("bytes").tag("quota", quota.repositories().text()).register(registry);
        }
    }

    private synchronized double used(int index) {
        long now = System.nanoTime();
        if (usage.isEmpty() || now - readAt > FRESH.toNanos()) {
            usage = quotas.usage();
            readAt = now;
        }
        return usage.get(index).usedBytes();
    }
}
