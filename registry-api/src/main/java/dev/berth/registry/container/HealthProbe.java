package dev.berth.registry.container;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The container image's {@code HEALTHCHECK}: one HTTP GET to the registry in the same container,
 * exit code 0 when it answers 2xx, 1 otherwise. A plain main class, run as
 * {@code java -cp /app/berth.jar dev.berth.registry.container.HealthProbe}: no Spring context is
 * started, so it is done in well under a second, and the image needs no curl or wget.
 *
 * <p>It asks {@code BERTH_HEALTHCHECK_URL} when that is set, otherwise
 * {@code http://127.0.0.1:$SERVER_PORT$BERTH_HEALTHCHECK_PATH}: port 5000 unless {@code SERVER_PORT}
 * says otherwise, {@code https} when {@code SERVER_SSL_BUNDLE} is set, and by default the path
 * {@value #DEFAULT_PATH}, which answers 200 in every auth mode without credentials.
 */
public final class HealthProbe {
    static final String DEFAULT_PATH = "/actuator/health/liveness";
    private static final Duration TIMEOUT = Duration.ofSeconds(4);

    private HealthProbe() {
    }

    public static void main(String[] args) {
        System.exit(check(target(System.getenv()), TIMEOUT, System.out) ? 0 : 1);
    }

    /** Where to ask, from the container's environment. */
    static URI target(Map<String, String> environment) {
        String url = environment.get("BERTH_HEALTHCHECK_URL");
        if (url != null && !url.isBlank()) {
            return URI.create(url.strip());
        }
        boolean tls = isSet(environment.get("SERVER_SSL_BUNDLE"))
                && !"false".equalsIgnoreCase(environment.get("SERVER_SSL_ENABLED"));
        String port = isSet(environment.get("SERVER_PORT")) ? environment.get("SERVER_PORT").strip() : "5000";
        String path = isSet(environment.get("BERTH_HEALTHCHECK_PATH"))
                ? environment.get("BERTH_HEALTHCHECK_PATH").strip() : DEFAULT_PATH;
        return URI.create((tls ? "https" : "http") + "://127.0.0.1:" + port + (path.startsWith("/") ? "" : "/") + path);
    }

    /** One GET; prints what happened (docker keeps it in the container's health log). */
    static boolean check(URI target, Duration timeout, PrintStream out) {
        try {
            HttpURLConnection connection = (HttpURLConnection) target.toURL().openConnection(Proxy.NO_PROXY);
            if (connection instanceof HttpsURLConnection https) {
                // The probe talks to its own container over loopback and sends nothing secret; the
                // certificate names the registry's public host, never 127.0.0.1, so it is not checked.
                https.setSSLSocketFactory(anyCertificate().getSocketFactory());
                https.setHostnameVerifier((host, session) -> true);
            }
            connection.setConnectTimeout((int) timeout.toMillis());
            connection.setReadTimeout((int) timeout.toMillis());
            connection.setInstanceFollowRedirects(false);
            int status = connection.getResponseCode();
            try (InputStream body = status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
                if (body != null) {
                    body.transferTo(OutputStream.nullOutputStream());
                }
            }
            out.println("GET " + target + ": " + status);
            return status >= 200 && status < 300;
        } catch (IOException | RuntimeException e) {
            out.println("GET " + target + ": " + e);
            return false;
        }
    }

    private static boolean isSet(String value) {
        return value != null && !value.isBlank();
    }

    private static SSLContext anyCertificate() {
        TrustManager trustAll = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {trustAll}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no TLS in this JVM", e);
        }
    }
}
