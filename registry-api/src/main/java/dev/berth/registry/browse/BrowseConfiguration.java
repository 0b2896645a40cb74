package dev.berth.registry.browse;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wiring of the browse API. */
@Configuration(proxyBeanMethods = false)
public class BrowseConfiguration {

    /** Open access unless another {@link RepositoryAccess} is defined (the auth module's rules). */
    @Bean
    @ConditionalOnMissingBean(RepositoryAccess.class)
    RepositoryAccess openRepositoryAccess() {
        return new OpenRepositoryAccess();
    }
}
