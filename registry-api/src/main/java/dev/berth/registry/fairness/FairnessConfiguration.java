package dev.berth.registry.fairness;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

@Configuration(proxyBeanMethods = false)
public class FairnessConfiguration {

    /** Before every other filter: waiting its turn is the first thing a request does. */
    @Bean
    FilterRegistrationBean<TakeTurnsFilter> takeTurnsFilter() {
        FilterRegistrationBean<TakeTurnsFilter> registration = new FilterRegistrationBean<>(new TakeTurnsFilter());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }
}
