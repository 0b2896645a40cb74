package dev.berth.registry.startup;

import dev.berth.auth.AuthMode;
import dev.berth.auth.AuthProperties;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

/**
 * Says at start-up where the registry listens and who may use it, and warns when anyone on the
 * network may push and delete: a non-loopback address with {@code registry.auth.mode=none}.
 */
@Component
class ListeningAnnouncement implements ApplicationListener<WebServerInitializedEvent> {
    private static final Logger log = LoggerFactory.getLogger(ListeningAnnouncement.class);

    private final AuthProperties auth;
    private final String address;
    private final boolean tls;

    ListeningAnnouncement(AuthProperties auth, @Value("${server.address:0.0.0.0}") String address,
                          @Value("${server.ssl.enabled:${server.ssl.bundle:false}}") String tls) {
        this.auth = auth;
        this.address = address;
        this.tls = !tls.isBlank() && !tls.equals("false");
    }

    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        if (event.getApplicationContext().getServerNamespace() != null) {
            return; // the management port, when it has one of its own
        }
        String mode = auth.mode().name().toLowerCase();
        log.info("Berth listening on {}://{}:{}/ (registry.auth.mode={})", tls ? "https" : "http", host(),
                event.getWebServer().getPort(), mode);
        if (auth.mode() == AuthMode.NONE && !isLoopback()) {
            log.warn("server.address={} is reachable from other machines and registry.auth.mode=none: anyone who "
                    + "can reach it may push and delete. Set registry.auth.mode=basic (README, Access control), "
                    + "or server.address=127.0.0.1", address);
        }
    }

    private String host() {
        return address.contains(":") ? "[" + address + "]" : address;
    }

    private boolean isLoopback() {
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
