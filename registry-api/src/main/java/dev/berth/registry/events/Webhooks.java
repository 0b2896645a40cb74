package dev.berth.registry.events;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import org.springframework.context.SmartLifecycle;

/** The configured endpoints, started with the application and stopped with it. */
final class Webhooks implements SmartLifecycle {
    private final List<WebhookEndpoint> endpoints;
    private volatile boolean running;

    Webhooks(NotificationProperties properties, MeterRegistry registry) {
        this.endpoints = properties.endpoints().stream().map(endpoint -> new WebhookEndpoint(endpoint, registry)).toList();
    }

    boolean anyWants(String action) {
        return endpoints.stream().anyMatch(endpoint -> endpoint.wants(action));
    }

    void publish(String action, byte[] envelope) {
        for (WebhookEndpoint endpoint : endpoints) {
            if (endpoint.wants(action)) {
                endpoint.offer(envelope);
            }
        }
    }

    @Override
    public void start() {
        endpoints.forEach(WebhookEndpoint::start);
        running = true;
    }

    @Override
    public void stop() {
        endpoints.forEach(WebhookEndpoint::stop);
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
