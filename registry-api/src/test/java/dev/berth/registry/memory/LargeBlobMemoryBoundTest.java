package dev.berth.registry.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.BerthApplication;
import dev.berth.registry.testsupport.BerthProcess;
import dev.berth.registry.testsupport.FreePort;
import dev.berth.registry.testsupport.TestStorage;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A blob far larger than the heap goes in and comes back out: Berth runs as its own JVM with
 * {@code -Xmx256m} and must stream a 2 GiB upload to the filesystem, or 1 GiB to S3 (s3proxy in the
 * test JVM), and back, never holding it in memory. The client side streams too: the body is
 * generated on the fly and hashed as it is generated.
 */
class LargeBlobMemoryBoundTest {

    private static final long GIB = 1024L * 1024 * 1024;
    private static final String HEAP = "-Xmx256m";
    private static final Duration STARTUP = Duration.ofSeconds(60);

    @TempDir
    Path logs;

    private TestStorage storage;

    private Process registry;
    private Path registryLog;

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    @AfterEach
    void stopRegistry() throws InterruptedException {
        if (registry != null && registry.isAlive()) {
            registry.destroy();
            if (!registry.waitFor(10, TimeUnit.SECONDS)) {
                registry.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        if (storage != null) {
            storage.close();
        }
    }

    static Stream<Arguments> stores() {
        return Stream.of(
                Arguments.of("filesystem", 2 * GIB),
                Arguments.of("s3", 1 * GIB));
    }

    @ParameterizedTest(name = "{0}: {1} bytes")
    @MethodSource("stores")
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void blobLargerThanTheHeapIsPushedAndPulledBackThroughA256MibHeap(String store, long blobSize) throws Exception {
        storage = store.equals("s3") ? TestStorage.s3() : TestStorage.filesystem();
        URI base = startRegistry();

        long started = System.nanoTime();
        HttpResponse<Void> start = http.send(HttpRequest.newBuilder(base.resolve("/v2/big/blob/blobs/uploads/"))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(), HttpResponse.BodyHandlers.discarding());
        assertThat(start.statusCode()).as("POST uploads/ %s", registryLogTail()).isEqualTo(202);
        URI upload = base.resolve(start.headers().firstValue("Location").orElseThrow());

        // The client reads 16 KiB at a time; generating and hashing in 1 MiB steps instead was about
        // 20 times faster here (200 s against 10 s for the whole blob).
        PseudoRandomContent content = new PseudoRandomContent(blobSize, 20240229L);
        HttpResponse<String> patch = http.send(HttpRequest.newBuilder(upload)
                .method("PATCH", HttpRequest.BodyPublishers.fromPublisher(
                        HttpRequest.BodyPublishers.ofInputStream(() -> new BufferedInputStream(content, 1 << 20)),
                        blobSize))
                .header("Content-Type", "application/octet-stream")
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(patch.statusCode()).as("PATCH %s: %s %s", upload, patch.body(), registryLogTail()).isEqualTo(202);
        assertThat(content.remaining()).isZero();
        String digest = content.digest();
        URI next = base.resolve(patch.headers().firstValue("Location").orElseThrow());

        URI complete = URI.create(next + (next.getRawQuery() == null ? "?" : "&") + "digest=" + digest);
        HttpResponse<String> put = http.send(HttpRequest.newBuilder(complete)
                .PUT(HttpRequest.BodyPublishers.noBody())
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).as("PUT %s: %s %s", complete, put.body(), registryLogTail()).isEqualTo(201);
        assertThat(put.headers().firstValue("Docker-Content-Digest")).contains(digest);
        long pushed = System.nanoTime();

        HttpResponse<InputStream> get = http.send(HttpRequest.newBuilder(base.resolve("/v2/big/blob/blobs/" + digest))
                .GET()
                .build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(get.statusCode()).as("GET blob %s", registryLogTail()).isEqualTo(200);
        assertThat(get.headers().firstValueAsLong("Content-Length")).hasValue(blobSize);
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        long received = 0;
        try (InputStream body = get.body()) {
            byte[] buffer = new byte[256 * 1024];
            for (int n; (n = body.read(buffer)) >= 0; ) {
                sha256.update(buffer, 0, n);
                received += n;
            }
        }
        long pulled = System.nanoTime();

        assertThat(received).isEqualTo(blobSize);
        assertThat("sha256:" + HexFormat.of().formatHex(sha256.digest())).isEqualTo(digest);
        assertThat(registry.isAlive()).as("the registry survived with %s %s", HEAP, registryLogTail()).isTrue();
        System.out.printf("%d MiB blob on %s with %s: push %d ms, pull %d ms%n", blobSize >> 20, store, HEAP,
                TimeUnit.NANOSECONDS.toMillis(pushed - started), TimeUnit.NANOSECONDS.toMillis(pulled - pushed));
    }

    /** Starts Berth as a child JVM on a free port and waits until {@code GET /v2/} answers 200. */
    private URI startRegistry() throws IOException, InterruptedException {
        int port = FreePort.pick();
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        registryLog = logs.resolve("registry.log");
        List<String> command = new ArrayList<>(List.of(
                java.toString(), HEAP, "-XX:+ExitOnOutOfMemoryError", BerthProcess.NO_GENERATED_BEANS,
                "-cp", System.getProperty("java.class.path"),
                BerthApplication.class.getName()));
        command.addAll(storage.arguments("--server.port=" + port));
        registry = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(registryLog.toFile())
                .start();
        registry.getOutputStream().close();
        Process child = registry;
        Runtime.getRuntime().addShutdownHook(new Thread(child::destroyForcibly));

        URI base = URI.create("http://127.0.0.1:" + port);
        HttpRequest ping = HttpRequest.newBuilder(base.resolve("/v2/")).timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(registry.isAlive()).as("the registry exited during start-up %s", registryLogTail()).isTrue();
            try {
                if (http.send(ping, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return base;
                }
            } catch (IOException notListeningYet) {
                // keep waiting
            }
            Thread.sleep(200);
        }
        throw new AssertionError("GET /v2/ did not answer 200 within " + STARTUP + registryLogTail());
    }

    private String registryLogTail() {
        try {
            List<String> lines = Files.readAllLines(registryLog);
            return "\n--- registry log (last 60 lines) ---\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException | RuntimeException e) {
            return "\n(registry log unreadable: " + e + ")";
        }
    }


    /**
     * {@code size} deterministic pseudo-random bytes (xorshift64), generated as they are read and
     * hashed on the way, so the digest is known once the last byte has been sent.
     */
    private static final class PseudoRandomContent extends InputStream {
        private final MessageDigest sha256;
        private long remaining;
        private long state;
        private long word;
        private int wordBytesLeft;

        PseudoRandomContent(long size, long seed) throws NoSuchAlgorithmException {
            this.sha256 = MessageDigest.getInstance("SHA-256");
            this.remaining = size;
            this.state = seed == 0 ? 1 : seed;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (remaining == 0) {
                return -1;
            }
            int n = (int) Math.min(length, remaining);
            long s = state;
            long w = word;
            int left = wordBytesLeft;
            for (int i = offset, end = offset + n; i < end; i++) {
                if (left == 0) {
                    s ^= s << 13;
                    s ^= s >>> 7;
                    s ^= s << 17;
                    w = s;
                    left = 8;
                }
                buffer[i] = (byte) w;
                w >>>= 8;
                left--;
            }
            state = s;
            word = w;
            wordBytesLeft = left;
            sha256.update(buffer, offset, n);
            remaining -= n;
            return n;
        }

        long remaining() {
            return remaining;
        }

        String digest() {
            return "sha256:" + HexFormat.of().formatHex(sha256.digest());
        }
    }
}
