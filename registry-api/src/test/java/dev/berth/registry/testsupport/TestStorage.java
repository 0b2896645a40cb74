package dev.berth.registry.testsupport;

import dev.berth.storage.driver.s3.S3Driver;
import dev.berth.storage.driver.s3.S3ProxyServer;
import dev.berth.storage.driver.s3.S3Settings;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;
import org.springframework.test.context.DynamicPropertyRegistry;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * An empty store for a registry under test, filesystem or S3, with the {@code registry.storage.*}
 * settings that point a registry at it and a read-only view of what the registry stored there,
 * addressed by driver path ({@code blobs/sha256/ab/<hex>/data}). The same test then runs on
 * either: {@link #create()} picks the kind from the {@code berth.test.storage} system property
 * ({@code filesystem}, the default, or {@code s3}; registry-api's executions {@code s3} set
 * it, for the test classes marked {@link RunsOnEveryStore}). {@code memory} puts the registry on
 * the in-memory driver for a fast loop over the API tests; the store is then inside the registry
 * and only what it answers can be checked, so tests that look at stored files fail there.
 *
 * <p>Every S3 store of a test JVM lives in one bucket of one shared {@link S3ProxyServer}
 * ({@link #sharedS3Server()}), each under a key prefix of its own, so stores never see each other.
 */
public abstract class TestStorage implements AutoCloseable {
    /** System property that chooses the storage of {@link #create()}: {@code filesystem} or {@code s3}. */
    public static final String SELECT_PROPERTY = "berth.test.storage";
    /** The smallest part S3 accepts, so the tests reach multipart uploads with little data. */
    public static final long S3_PART_SIZE = 5L * 1024 * 1024;

    /** A new empty store of the kind the run selected. */
    public static TestStorage create() {
        String selected = System.getProperty(SELECT_PROPERTY, "filesystem");
        return switch (selected) {
            case "filesystem" -> filesystem();
            case "s3" -> s3();
            case "memory" -> new Memory();
            default -> throw new IllegalStateException(
                    SELECT_PROPERTY + " must be 'filesystem', 's3' or 'memory'; got '" + selected + "'");
        };
    }

    /** Whether this test run puts the registry on S3 ({@code -Dberth.test.storage=s3}). */
    public static boolean s3Selected() {
        return "s3".equals(System.getProperty(SELECT_PROPERTY));
    }

    /** A new empty folder on the local filesystem. */
    public static TestStorage filesystem() {
        try {
            return new Filesystem(Files.createTempDirectory("berth-test-store"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A new empty key prefix in the bucket of this JVM's shared s3proxy. */
    public static S3 s3() {
        return s3(sharedS3Server());
    }

    /** A new empty key prefix in the bucket of {@code server}. */
    public static S3 s3(S3ProxyServer server) {
        return new S3(server, "t-" + UUID.randomUUID().toString().substring(0, 8));
    }

    /** The one s3proxy of this JVM, started on first use and ended when the JVM exits. */
    public static S3ProxyServer sharedS3Server() {
        return SharedServer.INSTANCE;
    }

    private static final class SharedServer {
        static final S3ProxyServer INSTANCE = start();

        private static S3ProxyServer start() {
            S3ProxyServer server = S3ProxyServer.launch();
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "shared-s3proxy-close"));
            return server;
        }
    }

    // ---- settings -------------------------------------------------------------------------------

    /** {@code filesystem} or {@code s3}. */
    public abstract String kind();

    /** The {@code registry.storage.*} settings that put a registry on this store. */
    public abstract Map<String, String> properties();

    /** Adds {@link #properties()} to a Spring test's {@code @DynamicPropertySource}. */
    public void addTo(DynamicPropertyRegistry registry) {
        properties().forEach((name, value) -> registry.add(name, () -> value));
    }

    /** {@link #properties()} as command line arguments, {@code --name=value}, followed by {@code extra}. */
    public List<String> arguments(String... extra) {
        List<String> arguments = new ArrayList<>();
        properties().forEach((name, value) -> arguments.add("--" + name + "=" + value));
        arguments.addAll(List.of(extra));
        return arguments;
    }

    // ---- what is stored -------------------------------------------------------------------------

    /** Whether there is a file (an object) at {@code path}. */
    public abstract boolean isFile(String path);

    /** Names of the files and folders directly in {@code folder}, sorted; empty if there is no such folder. */
    public abstract List<String> children(String folder);

    /** Every file under {@code folder} ({@code ""} for all), by path, with its size in bytes. */
    public abstract Map<String, Long> filesUnder(String folder);

    /** Opens the file at {@code path}; the caller closes the stream. */
    public abstract InputStream open(String path);

    public byte[] read(String path) {
        try (InputStream in = open(path)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes everything stored, best effort. */
    @Override
    public abstract void close();

    /** The registry's own heap ({@code registry.storage.driver=memory}): nothing to look at from outside. */
    public static final class Memory extends TestStorage {
        @Override
        public String kind() {
            return "memory";
        }

        @Override
        public Map<String, String> properties() {
            return Map.of("registry.storage.driver", "memory");
        }

        @Override
        public boolean isFile(String path) {
            throw outOfSight();
        }

        @Override
        public List<String> children(String folder) {
            throw outOfSight();
        }

        @Override
        public Map<String, Long> filesUnder(String folder) {
            throw outOfSight();
        }

        @Override
        public InputStream open(String path) {
            throw outOfSight();
        }

        @Override
        public void close() {
            // the store goes with the registry
        }

        private static UnsupportedOperationException outOfSight() {
            return new UnsupportedOperationException("a memory store lives inside the registry under test; "
                    + "run this test with -D" + SELECT_PROPERTY + "=filesystem or s3");
        }
    }

    /** A folder on the local filesystem, as {@code registry.storage.filesystem.root}. */
    public static final class Filesystem extends TestStorage {
        private final Path root;

        Filesystem(Path root) {
            this.root = root;
        }

        public Path root() {
            return root;
        }

        @Override
        public String kind() {
            return "filesystem";
        }

        @Override
        public Map<String, String> properties() {
            Map<String, String> properties = new LinkedHashMap<>();
            properties.put("registry.storage.driver", "filesystem");
            properties.put("registry.storage.filesystem.root", root.toString());
            return properties;
        }

        @Override
        public boolean isFile(String path) {
            return Files.isRegularFile(root.resolve(path));
        }

        @Override
        public List<String> children(String folder) {
            Path directory = root.resolve(folder);
            if (!Files.isDirectory(directory)) {
                return List.of();
            }
            try (Stream<Path> children = Files.list(directory)) {
                return children.map(child -> child.getFileName().toString()).sorted().toList();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public Map<String, Long> filesUnder(String folder) {
            Path directory = root.resolve(folder);
            Map<String, Long> files = new TreeMap<>();
            if (!Files.isDirectory(directory)) {
                return files;
            }
            try (Stream<Path> tree = Files.walk(directory)) {
                tree.filter(Files::isRegularFile).forEach(file -> files.put(
                        root.relativize(file).toString().replace(java.io.File.separatorChar, '/'), size(file)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return files;
        }

        @Override
        public InputStream open(String path) {
            try {
                return Files.newInputStream(root.resolve(path));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() {
            try (Stream<Path> tree = Files.walk(root)) {
                tree.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException | UncheckedIOException ignored) {
                // best effort: a temporary folder
            }
        }

        @Override
        public String toString() {
            return "filesystem store at " + root;
        }

        private static long size(Path file) {
            try {
                return Files.size(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** A key prefix in an s3proxy bucket, as {@code registry.storage.s3.*}. */
    public static final class S3 extends TestStorage {
        private final S3ProxyServer server;
        private final String prefix;

        S3(S3ProxyServer server, String prefix) {
            this.server = server;
            this.prefix = prefix;
        }

        public S3ProxyServer server() {
            return server;
        }

        /** The {@code registry.storage.s3.prefix} of this store. */
        public String prefix() {
            return prefix;
        }

        /** A client of the server, for checks the view does not offer. */
        public S3Client client() {
            return server.client();
        }

        /** The object key of a driver path. */
        public String key(String path) {
            return path.isEmpty() ? prefix + "/" : prefix + "/" + path;
        }

        @Override
        public String kind() {
            return "s3";
        }

        @Override
        public Map<String, String> properties() {
            Map<String, String> properties = new LinkedHashMap<>();
            properties.put("registry.storage.driver", "s3");
            properties.put("registry.storage.s3.bucket", server.bucket());
            properties.put("registry.storage.s3.region", server.region());
            properties.put("registry.storage.s3.endpoint", server.endpoint().toString());
            properties.put("registry.storage.s3.path-style-access", "true");
            properties.put("registry.storage.s3.prefix", prefix);
            properties.put("registry.storage.s3.access-key", server.accessKey());
            properties.put("registry.storage.s3.secret-key", server.secretKey());
            properties.put("registry.storage.s3.part-size", Long.toString(S3_PART_SIZE));
            return properties;
        }

        @Override
        public boolean isFile(String path) {
            try {
                client().headObject(head -> head.bucket(server.bucket()).key(key(path)));
                return true;
            } catch (NoSuchKeyException e) {
                return false;
            } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
                if (e.statusCode() == 404) {
                    return false;
                }
                throw e;
            }
        }

        @Override
        public List<String> children(String folder) {
            String folderKey = folderKey(folder);
            TreeSet<String> names = new TreeSet<>();
            for (ListObjectsV2Response page : client().listObjectsV2Paginator(list -> list
                    .bucket(server.bucket()).prefix(folderKey).delimiter("/"))) {
                for (S3Object object : page.contents()) {
                    names.add(object.key().substring(folderKey.length()));
                }
                for (CommonPrefix common : page.commonPrefixes()) {
                    String name = common.prefix().substring(folderKey.length());
                    names.add(name.endsWith("/") ? name.substring(0, name.length() - 1) : name);
                }
            }
            names.remove("");
            return List.copyOf(names);
        }

        @Override
        public Map<String, Long> filesUnder(String folder) {
            String rootKey = key("");
            Map<String, Long> files = new TreeMap<>();
            for (S3Object object : objects(folderKey(folder))) {
                files.put(object.key().substring(rootKey.length()), object.size());
            }
            return files;
        }

        /** Keys of the multipart uploads begun and neither completed nor aborted under {@code folder}. */
        public List<String> inProgressMultipartUploads(String folder) {
            String folderKey = folderKey(folder);
            return client().listMultipartUploadsPaginator(list -> list.bucket(server.bucket()).prefix(folderKey))
                    .uploads().stream()
                    .map(MultipartUpload::key)
                    .toList();
        }

        /** The file's content as the registry reads it: a blob's key holds a pointer to its segments, which the driver follows. */
        @Override
        public InputStream open(String path) {
            try (S3Driver driver = new S3Driver(new S3Settings(server.bucket(), server.region(), server.endpoint(), true,
                    prefix, server.accessKey(), server.secretKey(), (int) S3_PART_SIZE, null))) {
                byte[] content = driver.read(path).orElseThrow(() -> NoSuchKeyException.builder().message(path).build());
                return new ByteArrayInputStream(content);
            }
        }

        /** Deletes this store's objects and aborts its multipart uploads, unless the server is gone. */
        @Override
        public void close() {
            if (!server.isRunning()) {
                return;
            }
            try {
                String rootKey = key("");
                for (MultipartUpload upload : client().listMultipartUploadsPaginator(list -> list
                        .bucket(server.bucket()).prefix(rootKey)).uploads()) {
                    client().abortMultipartUpload(abort -> abort.bucket(server.bucket()).key(upload.key())
                            .uploadId(upload.uploadId()));
                }
                for (S3Object object : objects(rootKey)) {
                    client().deleteObject(delete -> delete.bucket(server.bucket()).key(object.key()));
                }
            } catch (RuntimeException ignored) {
                // best effort: the server's data is temporary anyway
            }
        }

        @Override
        public String toString() {
            return "s3 store under " + prefix + "/ in " + server;
        }

        private String folderKey(String folder) {
            if (folder.isEmpty()) {
                return key("");
            }
            return key(folder.endsWith("/") ? folder : folder + "/");
        }

        /**
         * The objects under a prefix, without the folder markers ("a/") s3proxy's filesystem backend
         * lists for its directories: they are no objects the registry wrote, and deleting one whose
         * directory still holds files stalls that backend for seconds.
         */
        private List<S3Object> objects(String keyPrefix) {
            List<S3Object> objects = new ArrayList<>();
            client().listObjectsV2Paginator(list -> list.bucket(server.bucket()).prefix(keyPrefix))
                    .contents().stream().filter(object -> !object.key().endsWith("/")).forEach(objects::add);
            return objects;
        }
    }
}
