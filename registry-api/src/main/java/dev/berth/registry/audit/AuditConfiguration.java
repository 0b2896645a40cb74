package dev.berth.registry.audit;

import dev.berth.storage.audit.AuditExpiry;
import dev.berth.storage.audit.AuditReader;
import dev.berth.storage.audit.AuditRecord;
import dev.berth.storage.audit.AuditWriter;
import dev.berth.storage.driver.StorageDriver;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.function.Consumer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The audit trail: records go through a queue to this replica's writer in the store, unless
 * {@code registry.audit.enabled} is off or the registry is read-only (nothing is written then, and
 * the store refuses writes); every replica reads every replica's records.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AuditProperties.class)
public class AuditConfiguration {

    @Bean
    AuditReader auditReader(StorageDriver driver) {
        return new AuditReader(driver);
    }

    @Bean
    AuditExpiry auditExpiry(StorageDriver driver) {
        return new AuditExpiry(driver);
    }

    @Bean
    @ConditionalOnExpression("${registry.audit.enabled:true} and !${registry.read-only:false}")
    AuditQueue auditQueue(StorageDriver driver, ObjectProvider<MeterRegistry> meters) {
        return new AuditQueue(new AuditWriter(driver), meters.getIfAvailable(SimpleMeterRegistry::new));
    }

    @Bean
    AuditTrail auditTrail(ObjectProvider<AuditQueue> queue) {
        Consumer<AuditRecord> sink = queue.getIfAvailable();
        return new AuditTrail(sink != null ? sink : record -> { }, Clock.systemUTC());
    }

    @Bean
    RefusalAudit refusalAudit(AuditTrail trail) {
        return new RefusalAudit(trail);
    }
}
