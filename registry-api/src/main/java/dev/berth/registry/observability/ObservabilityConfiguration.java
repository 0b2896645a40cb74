package dev.berth.registry.observability;

import dev.berth.registry.config.ObservabilityProperties;
import dev.berth.storage.driver.StorageDriver;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** Request observation around every request, and the storage probe of the readiness group. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ObservabilityProperties.class)
public class ObservabilityConfiguration {

    /** First of all filters, so refused requests are counted and logged too. */
    @Bean
    FilterRegistrationBean<RequestObservationFilter> requestObservationFilter(RequestMetrics metrics,
                                                                              ObservabilityProperties properties) {
        FilterRegistrationBean<RequestObservationFilter> registration =
                new FilterRegistrationBean<>(new RequestObservationFilter(metrics, properties.accessLog()));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    @Bean
    StorageHealthIndicator storageHealthIndicator(StorageDriver driver, ObservabilityProperties properties) {
        return new StorageHealthIndicator(driver, properties.storageProbeTimeout());
    }
}
