package dev.berth.registry.maintenance;

import dev.berth.storage.gc.GcReport;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * Garbage collection runs: how many and how long ({@code berth.gc.runs}, by dry run and outcome),
 * and what the real ones removed (bytes, blobs, manifests).
 */
@Component
public class GcMetrics {
    private final MeterRegistry registry;
    private final Counter bytesFreed;
    private final Counter blobsRemoved;
    private final Counter manifestsRemoved;

    public GcMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.bytesFreed = Counter.builder("berth.gc.freed.bytes").baseUnit("bytes")
                .description("bytes of blobs removed by garbage collection").register(registry);
        this.blobsRemoved = Counter.builder("berth.gc.removed.blobs")
                .description("blobs removed by garbage collection").register(registry);
        this.manifestsRemoved = Counter.builder("berth.gc.removed.manifests")
                .description("manifests removed by garbage collection").register(registry);
    }

    public void completed(GcReport report) {
        run(report.dryRun(), "success", report.took());
        if (!report.dryRun()) {
            bytesFreed.increment(report.bytesFreed());
            blobsRemoved.increment(report.blobs().size());
            manifestsRemoved.increment(report.manifests().size());
        }
    }

    public void failed(boolean dryRun, Duration took) {
        run(dryRun, "error", took);
    }

    private void run(boolean dryRun, String outcome, Duration took) {
        Timer.builder("berth.gc.runs").description("garbage collection runs")
                .tag("dry_run", Boolean.toString(dryRun)).tag("outcome", outcome)
                .register(registry).record(took);
    }
}
