package dev.berth.registry.retention;

import dev.berth.storage.lifecycle.ImmutableTagRule;
import dev.berth.storage.lifecycle.ImmutableTags;
import dev.berth.storage.retention.TagProtection;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** What retention asks before removing a tag: the immutable-tag rules, named in the report. */
@Configuration(proxyBeanMethods = false)
public class RetentionConfiguration {

    @Bean
    TagProtection tagProtection(ImmutableTags immutableTags) {
        return (name, tag) -> immutableTags.protects(name, tag).map(ImmutableTagRule::describe);
    }
}
