package dev.berth.registry.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.storage.testsupport.Await;
import dev.berth.storage.audit.AuditAction;
import dev.berth.storage.audit.AuditQuery;
import dev.berth.storage.audit.AuditReader;
import dev.berth.storage.audit.AuditRecord;
import dev.berth.storage.audit.AuditWriter;
import dev.berth.storage.driver.ForwardingDriver;
import dev.berth.storage.driver.StorageDriver;
import dev.berth.storage.driver.StorageFailureException;
import dev.berth.storage.driver.filesystem.FilesystemDriver;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The queue between requests and the store: records wait out a failing store and are written once it answers. */
class AuditQueueTest {
    @TempDir
    Path root;

    private final AtomicBoolean storeDown = new AtomicBoolean();

    private StorageDriver flakyStore() {
        return new ForwardingDriver(new FilesystemDriver(root)) {
            @Override
            public void write(String path, byte[] content) {
                if (storeDown.get()) {
                    throw new StorageFailureException("store is down", null);
                }
                super.write(path, content);
            }
        };
    }

    private List<AuditRecord> stored(StorageDriver driver) {
        return new AuditReader(driver).page(new AuditQuery(null, null, null, null, 100, null)).records();
    }

    private static AuditRecord push(String tag) {
        return AuditRecord.of(Instant.now(), AuditAction.PUSH, "bob", "127.0.0.1", "team/app", tag, null, null);
    }

    @Test
    void recordsWaitOutAFailingStoreAndAreWrittenWhenItAnswers() throws InterruptedException {
        StorageDriver driver = flakyStore();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        AuditQueue queue = new AuditQueue(new AuditWriter(driver), meters);
        queue.start();
        try {
            storeDown.set(true);
            queue.accept(push("a"));
            queue.accept(push("b"));
            Await.until("a flush failed", Duration.ofSeconds(10), () -> meters.counter("berth.audit.flush.failed").count() > 0);
            assertThat(stored(driver)).isEmpty();

            storeDown.set(false);
            awaitStored(driver, 2);
            assertThat(stored(driver)).extracting(AuditRecord::reference).containsExactly("b", "a");
            assertThat(meters.counter("berth.audit.dropped").count()).isZero();
        } finally {
            queue.stop();
        }
    }

    @Test
    void stoppingWritesWhatIsStillQueued() {
        StorageDriver driver = flakyStore();
        AuditQueue queue = new AuditQueue(new AuditWriter(driver), new SimpleMeterRegistry());
        queue.start();
        for (int i = 0; i < 50; i++) {
            queue.accept(push("t" + i));
        }
        queue.stop();

        assertThat(stored(driver)).hasSize(50);
    }

    private void awaitStored(StorageDriver driver, int count) {
        Await.until(count + " records stored", Duration.ofSeconds(10), () -> stored(driver).size() >= count);
    }
}
