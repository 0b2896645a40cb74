package dev.berth.registry.fairness;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

@Configuration(proxyBeanMethods = false)
public class FairnessConfiguration {

    /**
     * Right after request observation (the first filter), so the wait for a turn counts in the
     * request's measured time, and before everything that does work for it.
     */
    @Bean
    FilterRegistrationBean<TakeTurnsFilter> takeTurnsFilter() {
        FilterRegistrationBean<TakeTurnsFilter> registration = new FilterRegistrationBean<>(new TakeTurnsFilter());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        return registration;
    }
}
