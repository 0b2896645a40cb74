package dev.berth.registry.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Sends GETs to the browse API and records each response's server time (Server-Timing) and round trip. */
final class Timings {
    private static final Pattern SERVER_TIMING = Pattern.compile("app;dur=([0-9.]+)");

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;
    final List<Double> server = new ArrayList<>();
    final List<Double> roundTrip = new ArrayList<>();

    Timings(int port) {
        this.base = URI.create("http://127.0.0.1:" + port);
    }

    /** Sends one GET, expects 200, records its times and returns the body. */
    String get(String path) {
        long start = System.nanoTime();
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        double millis = (System.nanoTime() - start) / 1e6;
        if (response.statusCode() != 200) {
            throw new AssertionError("GET " + path + " -> " + response.statusCode() + " " + response.body());
        }
        Matcher matcher = SERVER_TIMING.matcher(response.headers().firstValue("Server-Timing").orElse(""));
        if (!matcher.find()) {
            throw new AssertionError("no Server-Timing on GET " + path);
        }
        server.add(Double.parseDouble(matcher.group(1)));
        roundTrip.add(millis);
        return response.body();
    }

    double serverMedian() {
        return percentile(server, 50);
    }

    double serverP99() {
        return percentile(server, 99);
    }

    double serverMax() {
        return server.stream().mapToDouble(Double::doubleValue).max().orElse(0);
    }

    String describe(String name) {
        return String.format(Locale.ROOT, "%-34s %6d requests   server median %7.1f ms   p99 %7.1f ms   max %7.1f ms"
                        + "   (round trip median %7.1f ms, p99 %7.1f ms)",
                name, server.size(), serverMedian(), serverP99(), serverMax(),
                percentile(roundTrip, 50), percentile(roundTrip, 99));
    }

    /** Nearest-rank percentile. */
    static double percentile(List<Double> values, int percent) {
        if (values.isEmpty()) {
            return 0;
        }
        List<Double> sorted = values.stream().sorted().toList();
        int rank = (int) Math.ceil(percent / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }
}
