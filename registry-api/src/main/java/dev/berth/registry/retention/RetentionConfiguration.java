package dev.berth.registry.retention;

import dev.berth.storage.retention.TagProtection;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** What retention asks before removing a tag: nothing is protected until a TagProtection bean (immutable tags) says so. */
@Configuration(proxyBeanMethods = false)
public class RetentionConfiguration {

    @Bean
    @ConditionalOnMissingBean
    TagProtection tagProtection() {
        return TagProtection.NONE;
    }
}
