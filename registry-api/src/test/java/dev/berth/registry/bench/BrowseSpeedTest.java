package dev.berth.registry.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.BerthApplication;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A quick guard in the normal build against the browse API becoming slow with size: 25
 * repositories of 20 tags written straight into the running registry's store, then the repository
 * list and tag tables must each answer well inside a generous bound. The 300 ms figure at 1,000
 * repositories comes from {@link BrowseBenchmarkTest}.
 */
@SpringBootTest(classes = BerthApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class BrowseSpeedTest {
    static final double BOUND_MS = 1000;

    /** Local disk, written straight by BenchStore: the figure this guards is a local-disk one. */
    @TempDir
    static Path storageRoot;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void storage(DynamicPropertyRegistry properties) {
        properties.add("registry.storage.filesystem.root", () -> storageRoot.toString());
    }

    @Test
    void repositoryListAndTagTablesStayFastOnAFewHundredImages() throws Exception {
        String prefix = "speed-" + UUID.randomUUID().toString().substring(0, 8) + "/";
        BenchStore store = new BenchStore(storageRoot, prefix);
        store.generate(25, 20, 2);
        Timings timings = new Timings(port);
        for (int i = 0; i < 5; i++) {
            timings.get("/api/repositories?n=50");
            timings.get("/api/repositories/" + store.repository(i) + "/-/tags");
        }

        Timings list = new Timings(port);
        Timings tags = new Timings(port);
        for (int i = 0; i < 25; i++) {
            list.get("/api/repositories?n=50&q=" + prefix);
            String table = tags.get("/api/repositories/" + store.repository(i) + "/-/tags");
            assertThat(table).contains("\"latest\"", "\"created\":\"2025-");
        }

        assertThat(list.serverMax()).as(list.describe("repository list")).isLessThan(BOUND_MS);
        assertThat(tags.serverMax()).as(tags.describe("tag table")).isLessThan(BOUND_MS);
    }
}
