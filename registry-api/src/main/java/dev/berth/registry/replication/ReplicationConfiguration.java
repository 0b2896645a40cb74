package dev.berth.registry.replication;

import dev.berth.registry.content.ContentChange;
import dev.berth.registry.access.ReadOnlyMode;
import dev.berth.storage.RegistryStorage;
import dev.berth.storage.replication.ReplicationActivity;
import dev.berth.storage.replication.ReplicationQueue;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import java.util.UUID;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The replication rules of {@code registry.replication}, their queue in the store, and who works it. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ReplicationProperties.class)
public class ReplicationConfiguration {

    @Bean
    ReplicationQueue replicationQueue(RegistryStorage storage, ReplicationProperties properties) {
        return new ReplicationQueue(storage.driver(), storage.clock(), replicaId(properties));
    }

    @Bean
    ReplicationActivity replicationActivity(RegistryStorage storage, ReplicationQueue queue) {
        return new ReplicationActivity(storage.driver(), queue.replica());
    }

    @Bean(destroyMethod = "close")
    Replication replication(RegistryStorage storage, ReplicationProperties properties, ReplicationQueue queue,
                            ReplicationActivity activity, ReadOnlyMode readOnly, MeterRegistry meters,
                            ApplicationEventPublisher events) {
        // Content pulled in is recorded and announced as a push is, with the actor "replication".
        StoredImages.Announcer announcer = (name, reference, pushed, contentType, size) ->
                events.publishEvent(new ContentChange.ReplicatedIn(name, reference, pushed, contentType, size));
        Replicator replicator = new Replicator(storage, announcer, queue, activity, properties, meters);
        return new Replication(properties.rules().stream()
                .map(rule -> new ReplicationRule(rule, properties.timeout())).toList(), replicator, activity, readOnly);
    }

    private static String replicaId(ReplicationProperties properties) {
        String configured = properties.replicaId().strip().toLowerCase(Locale.ROOT);
        return configured.isEmpty() ? UUID.randomUUID().toString() : configured;
    }
}
