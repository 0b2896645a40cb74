package dev.berth.registry.api;

import dev.berth.registry.BerthApplication;
import dev.berth.registry.testsupport.RunsOnEveryStore;
import dev.berth.registry.testsupport.TestStorage;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the API tests: one registry, started once on a random port over an empty store and
 * shared by every test class (same configuration, so Spring reuses the context). Tests keep out of
 * each other's way by pushing to repositories with names of their own ({@link #newRepo}). The store
 * is a temporary folder, or S3 when the run sets {@code berth.test.storage=s3} (see {@link TestStorage}).
 */
@RunsOnEveryStore
@SpringBootTest(classes = BerthApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class RegistryApiTest {
    /** Outlives any one test class, since the started registry does. */
    protected static final TestStorage STORAGE = createStorage();

    @LocalServerPort
    protected int port;

    protected RegistryClient registry;

    @DynamicPropertySource
    static void storage(DynamicPropertyRegistry properties) {
        STORAGE.addTo(properties);
    }

    @BeforeEach
    void connect() {
        registry = new RegistryClient(port);
    }

    /** A repository name no other test uses, e.g. {@code blobs/3f2a9c1e/app}. */
    protected static String newRepo(String prefix) {
        return prefix + "/" + UUID.randomUUID().toString().substring(0, 8) + "/app";
    }

    private static TestStorage createStorage() {
        TestStorage storage = TestStorage.create();
        Runtime.getRuntime().addShutdownHook(new Thread(storage::close));
        return storage;
    }
}
