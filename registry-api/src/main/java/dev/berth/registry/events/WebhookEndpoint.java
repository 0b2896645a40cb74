package dev.berth.registry.events;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One receiver of events: a bounded in-memory queue (when full, the oldest event is dropped and
 * counted) drained by one background thread, which POSTs each event and retries a failed one with
 * exponential backoff up to {@code max-attempts}. Events are delivered one at a time, in order.
 * Series: {@code berth.notifications.sent}, {@code .failed} (attempts), {@code .dropped} (by reason)
 * and the gauge {@code .pending}, each tagged with the endpoint's name.
 */
final class WebhookEndpoint {
    private static final Logger log = LoggerFactory.getLogger(WebhookEndpoint.class);

    private final NotificationProperties.Endpoint settings;
    private final HttpClient http;
    private final LinkedBlockingDeque<byte[]> queue;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Counter sent;
    private final Counter failed;
    private final Counter overflowed;
    private final Counter exhausted;
    private final Thread worker;
    private volatile boolean running = true;

    WebhookEndpoint(NotificationProperties.Endpoint settings, MeterRegistry registry) {
        this.settings = settings;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.timeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.queue = new LinkedBlockingDeque<>(settings.queueSize());
        String name = settings.name();
        this.sent = Counter.builder("berth.notifications.sent").description("events delivered")
                .tag("endpoint", name).register(registry);
        this.failed = Counter.builder("berth.notifications.failed").description("failed delivery attempts")
                .tag("endpoint", name).register(registry);
        this.overflowed = Counter.builder("berth.notifications.dropped").description("events given up")
                .tag("endpoint", name).tag("reason", "queue_full").register(registry);
        this.exhausted = Counter.builder("berth.notifications.dropped").description("events given up")
                .tag("endpoint", name).tag("reason", "attempts_exhausted").register(registry);
        Gauge.builder("berth.notifications.pending", this, WebhookEndpoint::pending)
                .description("events queued or being delivered").tag("endpoint", name).register(registry);
        this.worker = new Thread(this::drain, "webhook-" + name);
        this.worker.setDaemon(true);
    }

    boolean wants(String action) {
        return settings.actions().contains(action);
    }

    void start() {
        worker.start();
    }

    /** Queues an envelope; never blocks the request that caused it. */
    void offer(byte[] envelope) {
        while (!queue.offerLast(envelope)) {
            if (queue.pollFirst() != null) {
                overflowed.increment();
                log.warn("notification queue of {} full: oldest event dropped", settings.name());
            }
        }
    }

    int pending() {
        return queue.size() + inFlight.get();
    }

    /** Stops delivering; what is still queued is lost (the queue lives in memory). */
    void stop() {
        running = false;
        worker.interrupt();
    }

    private void drain() {
        while (running) {
            byte[] envelope;
            try {
                envelope = queue.takeFirst();
            } catch (InterruptedException e) {
                return;
            }
            inFlight.incrementAndGet();
            try {
                deliver(envelope);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // Whatever goes wrong with one event must not end deliveries; the message may quote settings.
                exhausted.increment();
                log.warn("notification to {} dropped: {}", settings.name(), e.getClass().getName());
            } finally {
                inFlight.decrementAndGet();
            }
        }
    }

    private void deliver(byte[] envelope) throws InterruptedException {
        Duration wait = settings.backoff();
        for (int attempt = 1; ; attempt++) {
            String problem = attempt(envelope);
            if (problem == null) {
                sent.increment();
                return;
            }
            failed.increment();
            if (attempt >= settings.maxAttempts()) {
                exhausted.increment();
                log.warn("notification to {} dropped after {} attempts: {}", settings.name(), attempt, problem);
                return;
            }
            log.info("notification to {} failed (attempt {}), retrying in {} ms: {}", settings.name(), attempt,
                    wait.toMillis(), problem);
            Thread.sleep(wait.toMillis());
            wait = wait.multipliedBy(2).compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff() : wait.multipliedBy(2);
        }
    }

    /** One POST; null when the receiver took it (any 2xx), else what went wrong. */
    private String attempt(byte[] envelope) throws InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(settings.url())
                .timeout(settings.timeout())
                .header("Content-Type", Envelope.MEDIA_TYPE)
                .POST(HttpRequest.BodyPublishers.ofByteArray(envelope));
        settings.headers().forEach(request::header);
        if (settings.secret() != null && !settings.secret().isEmpty()) {
            request.header(WebhookSignature.HEADER, WebhookSignature.sign(settings.secret(), envelope));
        }
        try {
            HttpResponse<Void> response = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() / 100 == 2 ? null : "status " + response.statusCode();
        } catch (IOException e) {
            return e.toString();
        }
    }
}
