package dev.berth.registry.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code registry.observability.*}; docs/configuration.md documents each.
 *
 * @param metricsAccess       who may scrape {@code /actuator/prometheus}: {@code open} (anyone who reaches
 *                            the port; the series name no repositories or users) or {@code admin}
 *                            (basic credentials of an admin, when auth is on)
 * @param storageProbeTimeout readiness reports storage down when a probe takes longer than this
 * @param accessLog           one log line per request
 */
@ConfigurationProperties("registry.observability")
public record ObservabilityProperties(@DefaultValue("open") MetricsAccess metricsAccess,
                                      @DefaultValue("2s") Duration storageProbeTimeout,
                                      @DefaultValue("true") boolean accessLog) {

    public enum MetricsAccess { OPEN, ADMIN }
}
