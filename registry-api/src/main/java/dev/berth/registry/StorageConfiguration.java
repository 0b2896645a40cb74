package dev.berth.registry;

import dev.berth.registry.config.RegistryProperties;
import dev.berth.registry.maintenance.ReadOnlyDriver;
import dev.berth.registry.observability.MeteredStorageDriver;
import dev.berth.registry.quota.QuotaProperties;
import dev.berth.storage.RegistryStorage;
import dev.berth.storage.driver.StorageDriver;
import dev.berth.storage.driver.filesystem.FilesystemDriver;
import dev.berth.storage.driver.memory.MemoryDriver;
import dev.berth.storage.driver.s3.S3Driver;
import dev.berth.storage.driver.s3.S3Settings;
import dev.berth.storage.lifecycle.Glob;
import dev.berth.storage.lifecycle.ImmutableTagRule;
import dev.berth.storage.lifecycle.ImmutableTags;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Chooses the storage driver from configuration; nothing else in the application asks which it is. */
@Configuration(proxyBeanMethods = false)
public class StorageConfiguration {

    /**
     * The configured driver, timed per operation for the metrics when there is a meter registry, and
     * refusing every change in read-only mode, for every module that uses it (auth keeps keys and CI
     * tokens in the store too).
     */
    @Bean
    StorageDriver storageDriver(RegistryProperties properties, ObjectProvider<MeterRegistry> meters) {
        StorageDriver driver = driver(properties.storage());
        MeterRegistry registry = meters.getIfAvailable();
        if (registry != null) {
            driver = new MeteredStorageDriver(driver, properties.storage().driver(), registry);
        }
        return properties.readOnly() ? new ReadOnlyDriver(driver) : driver;
    }

    private static StorageDriver driver(RegistryProperties.Storage storage) {
        return switch (storage.driver()) {
            case "filesystem" -> new FilesystemDriver(storage.filesystem().root());
            case "s3" -> new S3Driver(s3Settings(storage.s3()));
            case "memory" -> new MemoryDriver();
            default -> throw new IllegalStateException(
                    "registry.storage.driver must be 'filesystem', 's3' or 'memory'; got '" + storage.driver() + "'");
        };
    }

    private static S3Settings s3Settings(RegistryProperties.S3 s3) {
        return new S3Settings(s3.bucket(), s3.region(), s3.endpoint(), s3.pathStyleAccess(), s3.prefix(),
                emptyToNull(s3.accessKey()), emptyToNull(s3.secretKey()), (int) s3.partSize().toBytes(),
                s3.redirect().enabled() ? s3.redirect().expiry() : null);
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    @Bean
    RegistryStorage registryStorage(StorageDriver driver, RegistryProperties properties, ImmutableTags immutableTags,
                                    QuotaProperties quotas) {
        // Read-only: reads refresh no last-used marks (with no pushes, no sweep can race one).
        return new RegistryStorage(driver, Clock.systemUTC(), properties.gc().gracePeriod(), !properties.readOnly(),
                immutableTags, quotas.toQuotas());
    }

    @Bean
    ImmutableTags immutableTags(RegistryProperties properties) {
        List<ImmutableTagRule> rules = new ArrayList<>();
        List<RegistryProperties.ImmutableTag> configured = properties.immutableTags();
        for (int i = 0; i < configured.size(); i++) {
            rules.add(new ImmutableTagRule(i, Glob.of(configured.get(i).repositories()), Glob.of(configured.get(i).tags())));
        }
        return new ImmutableTags(rules);
    }
}
