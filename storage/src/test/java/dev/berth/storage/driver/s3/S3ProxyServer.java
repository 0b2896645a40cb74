package dev.berth.storage.driver.s3;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3 server for tests: <a href="https://github.com/gaul/s3proxy">s3proxy</a> started as a
 * child process on {@code 127.0.0.1} and a free port, keeping its objects in a temporary folder
 * (jclouds' filesystem backend), with one bucket created. It can be {@link #stop() stopped} and
 * {@link #start() started} again on the same port and data, to show how the registry behaves while
 * S3 is away. {@link #close()} ends the process and deletes the data.
 *
 * <p>The server's jar comes from the {@code s3proxy.jar} system property, which the build sets
 * (maven-dependency-plugin copies {@code org.gaul:s3proxy:jar-with-dependencies} into
 * {@code target/s3proxy/}). Without it, or without a {@code java} next to the running JVM, the
 * fixture fails: tests that need S3 never silently skip.
 */
public final class S3ProxyServer implements AutoCloseable {
    public static final String JAR_PROPERTY = "s3proxy.jar";
    public static final String REGION = "us-east-1";

    private static final Duration STARTUP = Duration.ofSeconds(60);
    private static final Duration SHUTDOWN = Duration.ofSeconds(10);

    private final Path jar;
    private final Path java;
    private final Path home;
    private final Path log;
    private final String accessKey = "berth-test-" + UUID.randomUUID().toString().substring(0, 8);
    private final String secretKey = UUID.randomUUID().toString();
    private final String bucket;
    private int port;
    private Process process;
    private S3Client client;

    private S3ProxyServer(Path jar, Path java, Path home, String bucket) {
        this.jar = jar;
        this.java = java;
        this.home = home;
        this.log = home.resolve("s3proxy.log");
        this.bucket = bucket;
    }

    /** Starts a server on a free port over an empty temporary folder and creates the bucket {@code berth-test}. */
    public static S3ProxyServer launch() {
        return launch("berth-test");
    }

    /** Starts a server on a free port over an empty temporary folder and creates {@code bucket}. */
    public static S3ProxyServer launch(String bucket) {
        Path jar = jar();
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        if (!Files.isExecutable(java)) {
            throw new IllegalStateException("no java executable at " + java + " (java.home) to run s3proxy with");
        }
        Path home;
        try {
            home = Files.createTempDirectory("berth-s3proxy");
            Files.createDirectories(home.resolve("data"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create s3proxy's data folder", e);
        }
        S3ProxyServer server = new S3ProxyServer(jar, java, home, bucket);
        try {
            server.startOnFreePort();
            server.client().createBucket(request -> request.bucket(bucket));
            return server;
        } catch (RuntimeException | Error e) {
            server.close();
            throw e;
        }
    }

    /** The S3 endpoint, e.g. {@code http://127.0.0.1:41234}; path-style addressing only. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public String accessKey() {
        return accessKey;
    }

    public String secretKey() {
        return secretKey;
    }

    public String bucket() {
        return bucket;
    }

    public String region() {
        return REGION;
    }

    /** Where the server writes its log, for failure messages. */
    public Path log() {
        return log;
    }

    /** A client for this server (path-style, no optional checksums, which s3proxy may not know); closed with it. */
    public synchronized S3Client client() {
        if (client == null) {
            client = newClient(endpoint(), accessKey, secretKey);
        }
        return client;
    }

    /** A client set up the way S3 compatible servers other than AWS need: path-style, checksums only when required. */
    public static S3Client newClient(URI endpoint, String accessKey, String secretKey) {
        return S3Client.builder()
                .endpointOverride(endpoint)
                .region(Region.of(REGION))
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .build();
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Ends the server process; its port and data are kept for {@link #start()}. Stopping a stopped server does nothing. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        Process running = process;
        process = null;
        running.destroy();
        try {
            if (!running.waitFor(SHUTDOWN.toMillis(), TimeUnit.MILLISECONDS)) {
                running.destroyForcibly().waitFor(SHUTDOWN.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            running.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Starts the server again on the same port over the same data, and waits until it answers. */
    public synchronized void start() {
        if (isRunning()) {
            return;
        }
        // The port was just released by our own process; give the OS a moment if it is still held.
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        AssertionError lastFailure = null;
        while (System.nanoTime() < deadline) {
            try {
                startProcess();
                return;
            } catch (AssertionError e) {
                lastFailure = e;
                if (!portInUse(log)) {
                    throw e;
                }
                sleep(250);
            }
        }
        throw lastFailure;
    }

    /** Ends the server process and deletes its data. */
    @Override
    public synchronized void close() {
        stop();
        if (client != null) {
            client.close();
            client = null;
        }
        deleteTree(home);
    }

    @Override
    public String toString() {
        return "s3proxy at " + endpoint() + " (bucket " + bucket + ", data in " + home + ")";
    }

    // ---- process ------------------------------------------------------------------------------

    private void startOnFreePort() {
        AssertionError lastFailure = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            port = freePort();
            try {
                startProcess();
                return;
            } catch (AssertionError e) {
                // Another process may have taken the port between our probe and s3proxy's bind.
                lastFailure = e;
                if (!portInUse(log)) {
                    throw e;
                }
            }
        }
        throw lastFailure;
    }

    private void startProcess() {
        Path properties = home.resolve("s3proxy.properties");
        writeProperties(properties);
        Process started;
        try {
            started = new ProcessBuilder(List.of(
                    java.toString(), "-Xmx256m", "-XX:+UseSerialGC",
                    "-jar", jar.toString(), "--properties", properties.toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()))
                    .start();
            started.getOutputStream().close();
        } catch (IOException e) {
            throw new AssertionError("cannot start s3proxy with " + java + " -jar " + jar, e);
        }
        process = started;
        Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly, "s3proxy-stop-" + port));
        awaitAnswer(started);
    }

    private void writeProperties(Path file) {
        Properties properties = new Properties();
        properties.setProperty("s3proxy.endpoint", endpoint().toString());
        properties.setProperty("s3proxy.authorization", "aws-v2-or-v4");
        properties.setProperty("s3proxy.identity", accessKey);
        properties.setProperty("s3proxy.credential", secretKey);
        // The older "filesystem" backend, not filesystem-nio2: S3 lists what was written before the
        // listing began (strong consistency), which replicas sharing a bucket rely on, and in 2.7.0
        // filesystem-nio2 breaks that under concurrent writes to a folder (a listing comes back
        // short or empty while another file there is being written; see the driver contract's
        // listShowsEveryFinishedWriteWhileOthersAreWritten).
        // The older one lists folder objects ("a/"), which the driver skips, and stalls when told
        // to delete a key that is a folder, which the driver never asks.
        properties.setProperty("jclouds.provider", System.getProperty("s3proxy.provider", "filesystem"));
        properties.setProperty("jclouds.identity", accessKey);
        properties.setProperty("jclouds.credential", secretKey);
        properties.setProperty("jclouds.filesystem.basedir", home.resolve("data").toString());
        try (var out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            properties.store(out, "generated by " + S3ProxyServer.class.getName());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Waits until the server answers HTTP at all (anonymous requests get 403, which is fine). */
    private void awaitAnswer(Process started) {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            if (!started.isAlive()) {
                process = null;
                throw new AssertionError("s3proxy exited with " + started.exitValue() + " during start-up" + logTail());
            }
            try {
                HttpURLConnection connection = (HttpURLConnection) endpoint().toURL().openConnection();
                connection.setConnectTimeout(1000);
                connection.setReadTimeout(2000);
                int status = connection.getResponseCode();
                connection.disconnect();
                if (status > 0) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            sleep(100);
        }
        stop();
        throw new AssertionError("s3proxy did not answer on " + endpoint() + " within " + STARTUP + logTail());
    }

    /** The last lines of the server's log, for failure messages. */
    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return "\n--- s3proxy log (" + log + ", last 40 lines) ---\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException | RuntimeException e) {
            return "\n(s3proxy log unreadable: " + e + ")";
        }
    }

    private static boolean portInUse(Path log) {
        try {
            String text = Files.readString(log, StandardCharsets.UTF_8);
            return text.contains("Address already in use") || text.contains("BindException");
        } catch (IOException e) {
            return false;
        }
    }

    private static Path jar() {
        String configured = System.getProperty(JAR_PROPERTY);
        if (configured == null || configured.isBlank()) {
            throw new IllegalStateException("system property " + JAR_PROPERTY + " is not set: run the tests through Maven"
                    + " (the build copies org.gaul:s3proxy:jar-with-dependencies to target/s3proxy/s3proxy.jar"
                    + " and passes that path), or set -D" + JAR_PROPERTY + "=<path to the jar>");
        }
        Path jar = Path.of(configured);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("s3proxy jar not found at " + jar + " (" + JAR_PROPERTY
                    + "); the build copies it there in process-test-resources");
        }
        return jar;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port", e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> tree = Files.walk(root)) {
            tree.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // best effort: a temporary folder
        }
    }
}
