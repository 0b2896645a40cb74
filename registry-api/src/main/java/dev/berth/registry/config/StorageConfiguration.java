package dev.berth.registry.config;

import dev.berth.storage.RegistryStorage;
import dev.berth.storage.driver.StorageDriver;
import dev.berth.storage.driver.filesystem.FilesystemDriver;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Chooses the storage driver from configuration; nothing else in the application asks which it is. */
@Configuration(proxyBeanMethods = false)
public class StorageConfiguration {

    @Bean
    StorageDriver storageDriver(RegistryProperties properties) {
        RegistryProperties.Storage storage = properties.storage();
        if (!"filesystem".equals(storage.driver())) {
            throw new IllegalStateException("registry.storage.driver must be 'filesystem'; got '" + storage.driver() + "'");
        }
        return new FilesystemDriver(storage.filesystem().root());
    }

    @Bean
    RegistryStorage registryStorage(StorageDriver driver) {
        return new RegistryStorage(driver, Clock.systemUTC());
    }
}
