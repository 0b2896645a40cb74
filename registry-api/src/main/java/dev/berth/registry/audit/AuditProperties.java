package dev.berth.registry.audit;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code registry.audit}; docs/configuration.md documents each.
 *
 * @param enabled   whether this replica records writes and refusals (its records can still be read)
 * @param retention records older than this are hidden at once and removed with their day partition
 */
@ConfigurationProperties("registry.audit")
public record AuditProperties(@DefaultValue("true") boolean enabled, @DefaultValue("90d") Duration retention) {

    public AuditProperties {
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("registry.audit.retention must be positive");
        }
    }
}
