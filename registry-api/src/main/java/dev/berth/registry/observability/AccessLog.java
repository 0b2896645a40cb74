package dev.berth.registry.observability;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per request on the logger {@code berth.access}. It names the path without its query and
 * the signed-in user, never a header: credentials and tokens travel in headers.
 */
final class AccessLog {
    private static final Logger log = LoggerFactory.getLogger("berth.access");

    private AccessLog() {
    }

    record Entry(String requestId, String method, String path, int status, long bytesIn, long bytesOut,
                 Duration took, String user, String client, String route) {
    }

    static void write(Entry entry) {
        if (!log.isInfoEnabled()) {
            return;
        }
        log.atInfo()
                .addKeyValue("http.request.id", entry.requestId())
                .addKeyValue("http.request.method", entry.method())
                .addKeyValue("url.path", entry.path())
                .addKeyValue("http.response.status_code", entry.status())
                .addKeyValue("http.request.body.bytes", entry.bytesIn())
                .addKeyValue("http.response.body.bytes", entry.bytesOut())
                .addKeyValue("event.duration_ms", entry.took().toMillis())
                .addKeyValue("user.name", entry.user())
                .addKeyValue("client.address", entry.client())
                .addKeyValue("berth.route", entry.route())
                .log("{} {} {} in={} out={} {}ms user={} client={} route={}", entry.method(), entry.path(),
                        entry.status(), entry.bytesIn(), entry.bytesOut(), entry.took().toMillis(), entry.user(),
                        entry.client(), entry.route());
    }
}
