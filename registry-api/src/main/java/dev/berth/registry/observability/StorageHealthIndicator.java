package dev.berth.registry.observability;

import dev.berth.storage.driver.StorageDriver;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Whether storage answers: asks the driver whether the repositories folder exists, and reports
 * down when that fails or takes longer than the timeout. Part of the readiness group, so a replica
 * that cannot reach its bucket leaves the load balancer until it can again. A probe that hangs is
 * not stacked up behind: until it returns, later probes report down without asking again.
 */
final class StorageHealthIndicator implements HealthIndicator, AutoCloseable {
    static final String PROBE_PATH = "repositories";

    private final StorageDriver driver;
    private final Duration timeout;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "storage-health-probe");
        thread.setDaemon(true);
        return thread;
    });
    private CompletableFuture<Boolean> running;

    StorageHealthIndicator(StorageDriver driver, Duration timeout) {
        this.driver = driver;
        this.timeout = timeout;
    }

    @Override
    public Health health() {
        CompletableFuture<Boolean> probe = probe();
        try {
            probe.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return Health.up().build();
        } catch (TimeoutException e) {
            return Health.down().withDetail("error", "storage did not answer within " + timeout.toMillis() + " ms").build();
        } catch (ExecutionException e) {
            return Health.down().withDetail("error", String.valueOf(e.getCause())).build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Health.down().build();
        }
    }

    private synchronized CompletableFuture<Boolean> probe() {
        if (running == null || running.isDone()) {
            running = CompletableFuture.supplyAsync(() -> driver.exists(PROBE_PATH), executor);
        }
        return running;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
