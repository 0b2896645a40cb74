package dev.berth.registry.maintenance;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerExceptionResolver;

/** Installs the {@link ReadOnlyFilter} when {@code registry.read-only} is on. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "registry.read-only", havingValue = "true")
public class ReadOnlyConfiguration {
    /** Spring Security's filter chain runs at -100; this comes right after it. */
    private static final int AFTER_SECURITY = -90;

    @Bean
    FilterRegistrationBean<ReadOnlyFilter> readOnlyFilter(
            @Qualifier("handlerExceptionResolver") HandlerExceptionResolver errors) {
        FilterRegistrationBean<ReadOnlyFilter> registration = new FilterRegistrationBean<>(new ReadOnlyFilter(errors));
        registration.setOrder(AFTER_SECURITY);
        return registration;
    }
}
