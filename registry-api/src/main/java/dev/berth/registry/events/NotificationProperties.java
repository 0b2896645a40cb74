package dev.berth.registry.events;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code registry.notifications.*}: where webhook events go. docs/configuration.md documents each.
 *
 * @param endpoints receivers; each gets every event its {@code actions} name, on its own queue
 */
@ConfigurationProperties("registry.notifications")
public record NotificationProperties(@DefaultValue List<Endpoint> endpoints) {

    /**
     * @param name        names the endpoint in logs and metrics
     * @param url         where events are POSTed
     * @param headers     sent with every request, e.g. {@code Authorization}
     * @param timeout     for connecting and for the whole request
     * @param actions     which events: {@code push}, {@code delete}, {@code pull}
     * @param secret      when set, every request carries an HMAC-SHA256 of its body under this key
     * @param queueSize   events waiting for delivery; when full, the oldest is dropped
     * @param backoff     wait after the first failed attempt; doubles with each further one
     * @param maxBackoff  the longest wait between attempts
     * @param maxAttempts attempts per event before it is dropped
     */
    public record Endpoint(String name,
                           URI url,
                           @DefaultValue Map<String, String> headers,
                           @DefaultValue("5s") Duration timeout,
                           @DefaultValue({"push", "delete"}) List<String> actions,
                           String secret,
                           @DefaultValue("1000") int queueSize,
                           @DefaultValue("1s") Duration backoff,
                           @DefaultValue("1m") Duration maxBackoff,
                           @DefaultValue("10") int maxAttempts) {

        public Endpoint {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("registry.notifications.endpoints[].name is required");
            }
            if (url == null || !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))) {
                throw new IllegalArgumentException("registry.notifications.endpoints[" + name + "].url must be an http(s) URL");
            }
            for (String action : actions) {
                if (!List.of(Envelope.PUSH, Envelope.PULL, Envelope.DELETE).contains(action)) {
                    throw new IllegalArgumentException("registry.notifications.endpoints[" + name
                            + "].actions may hold push, pull and delete; got '" + action + "'");
                }
            }
            for (Map.Entry<String, String> header : headers.entrySet()) {
                try {
                    HttpRequest.newBuilder().header(header.getKey(), header.getValue());
                } catch (IllegalArgumentException e) {
                    // Names the header only: its value is often a credential.
                    throw new IllegalArgumentException("registry.notifications.endpoints[" + name + "].headers: '"
                            + header.getKey() + "' cannot be sent (a restricted name, or a value with line breaks)");
                }
            }
            if (queueSize < 1 || maxAttempts < 1) {
                throw new IllegalArgumentException("registry.notifications.endpoints[" + name
                        + "]: queue-size and max-attempts must be at least 1");
            }
        }

        @Override
        public String toString() {
            // never the secret, nor header values (they often carry credentials)
            return "Endpoint[name=" + name + ", url=" + url + ", headers=" + headers.keySet() + ", actions=" + actions + "]";
        }
    }
}
