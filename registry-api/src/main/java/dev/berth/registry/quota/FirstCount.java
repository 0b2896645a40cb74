package dev.berth.registry.quota;

import dev.berth.storage.RegistryStorage;
import dev.berth.storage.quota.QuotaUsage;
import dev.berth.storage.quota.Quotas;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Reads every quota's usage once the registry is up, in the background. A quota new to the store is
 * counted then (a walk over its repositories, once), rather than by the first push, which would wait
 * for it; pushes arriving during the count wait for it either way, since nothing can be checked
 * against a quota before it is counted.
 */
@Component
public class FirstCount {
    private static final Logger log = LoggerFactory.getLogger(FirstCount.class);

    private final Quotas quotas;

    public FirstCount(RegistryStorage storage) {
        this.quotas = storage.quotas();
    }

    @EventListener(ApplicationReadyEvent.class)
    public void countInTheBackground() {
        if (quotas.quotas().isEmpty()) {
            return;
        }
        Thread counting = new Thread(this::count, "quota-first-count");
        counting.setDaemon(true);
        counting.start();
    }

    private void count() {
        try {
            for (QuotaUsage usage : quotas.usage()) {
                log.info("{}: {} of {} bytes used", usage.quota().describe(), usage.usedBytes(), usage.limitBytes());
            }
        } catch (RuntimeException e) {
            // The first push counts it instead; the store may just be unreachable for now.
            log.warn("could not read quota usage at start-up: {}", e.getMessage());
        }
    }
}
