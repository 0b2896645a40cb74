package dev.berth.registry.observability;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * Request series by route and status, bytes in and out by route, and how long blob uploads (from
 * the session's start to the verified blob) and downloads take.
 */
@Component
public class RequestMetrics {
    /** Histogram buckets of the transfer timers: a few, from a small layer on a LAN to a large one far away. */
    private static final Duration[] BUCKETS = {Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofSeconds(5), Duration.ofSeconds(15), Duration.ofMinutes(1), Duration.ofMinutes(5)};

    private final MeterRegistry registry;
    private final Timer uploads;
    private final Timer downloads;

    public RequestMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.uploads = Timer.builder("berth.blob.upload")
                .description("blob uploads, from the start of the session to the verified blob")
                .serviceLevelObjectives(BUCKETS)
                .register(registry);
        this.downloads = Timer.builder("berth.blob.download")
                .description("blob GETs that sent content, until the last byte was handed to the client")
                .serviceLevelObjectives(BUCKETS)
                .register(registry);
    }

    void record(String route, int status, long bytesIn, long bytesOut, Duration took) {
        Timer.builder("berth.requests")
                .description("requests by route and status")
                .tag("route", route)
                .tag("status", Integer.toString(status))
                .register(registry)
                .record(took);
        if (bytesIn > 0) {
            Counter.builder("berth.received.bytes").description("request body bytes read")
                    .baseUnit("bytes").tag("route", route).register(registry).increment(bytesIn);
        }
        if (bytesOut > 0) {
            Counter.builder("berth.sent.bytes").description("response body bytes sent")
                    .baseUnit("bytes").tag("route", route).register(registry).increment(bytesOut);
        }
        if (route.equals("blob_get") && (status == 200 || status == 206)) {
            downloads.record(took);
        }
    }

    void uploadCompleted(Duration took) {
        uploads.record(took);
    }
}
