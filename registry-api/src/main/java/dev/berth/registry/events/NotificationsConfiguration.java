package dev.berth.registry.events;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Webhook endpoints from {@code registry.notifications.endpoints}, and the events the API reports to them. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(NotificationProperties.class)
public class NotificationsConfiguration {

    @Bean
    Webhooks webhooks(NotificationProperties properties, MeterRegistry registry) {
        return new Webhooks(properties, registry);
    }

    @Bean
    RegistryEvents registryEvents(Webhooks webhooks, ApplicationEventPublisher inside) {
        return new RegistryEvents(webhooks, inside);
    }
}
