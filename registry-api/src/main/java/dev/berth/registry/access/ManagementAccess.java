package dev.berth.registry.access;

import dev.berth.auth.access.RequiredAccess;
import dev.berth.registry.config.ObservabilityProperties;
import org.springframework.stereotype.Component;

/**
 * What the actuator endpoints need, for the auth module's filter: health probes nothing (a
 * load balancer or kubelet has no credentials), the Prometheus scrape what
 * {@code registry.observability.metrics-access} says, anything else there an admin.
 */
@Component
public class ManagementAccess {
    public static final String PREFIX = "/actuator/";

    private final ObservabilityProperties properties;

    public ManagementAccess(ObservabilityProperties properties) {
        this.properties = properties;
    }

    public RequiredAccess required(String path) {
        if (path.equals("/actuator/health") || path.startsWith("/actuator/health/")) {
            return RequiredAccess.nothing();
        }
        if (path.equals("/actuator/prometheus")) {
            return properties.metricsAccess() == ObservabilityProperties.MetricsAccess.OPEN
                    ? RequiredAccess.nothing() : new RequiredAccess.Admin();
        }
        return new RequiredAccess.Admin();
    }
}
