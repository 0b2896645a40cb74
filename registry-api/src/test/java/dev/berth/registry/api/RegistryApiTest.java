package dev.berth.registry.api;

import dev.berth.registry.BerthApplication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the API tests: one registry, started once on a random port over a temporary storage
 * root and shared by every test class (same configuration, so Spring reuses the context). Tests
 * keep out of each other's way by pushing to repositories with names of their own ({@link #newRepo}).
 */
@SpringBootTest(classes = BerthApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class RegistryApiTest {
    /** Outlives any one test class, since the started registry does. */
    protected static final Path STORAGE_ROOT = createStorageRoot();

    @LocalServerPort
    protected int port;

    protected RegistryClient registry;

    @DynamicPropertySource
    static void storageRoot(DynamicPropertyRegistry properties) {
        properties.add("registry.storage.filesystem.root", STORAGE_ROOT::toString);
    }

    @BeforeEach
    void connect() {
        registry = new RegistryClient(port);
    }

    /** A repository name no other test uses, e.g. {@code blobs/3f2a9c1e/app}. */
    protected static String newRepo(String prefix) {
        return prefix + "/" + UUID.randomUUID().toString().substring(0, 8) + "/app";
    }

    private static Path createStorageRoot() {
        try {
            Path root = Files.createTempDirectory("berth-api-test");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(root)));
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> tree = Files.walk(root)) {
            tree.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // best effort at exit
        }
    }
}
