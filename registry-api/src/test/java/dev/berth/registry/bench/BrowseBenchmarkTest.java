package dev.berth.registry.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.BerthApplication;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The browse API at scale: 1,000 repositories of 20 tags on local disk (generated once through the
 * storage module into {@code target/bench-store/}, reused by later runs), the registry started
 * over it, then many requests for the repository list (first pages, searches, deep pages) and for
 * tag tables (each repository's first request, when nothing is cached, and repeated ones). Server
 * time is read from each response's {@code Server-Timing} header; median and p99 must stay under
 * 300 ms. Not part of the normal build: run it with
 * {@code ./mvnw -B -Pbenchmark -pl registry-api -am verify}; sizes can be changed with
 * {@code -Dbench.repositories=} and {@code -Dbench.tags=}. Figures go to stdout and
 * {@code target/bench-results/browse.txt}.
 */
@Tag("benchmark")
class BrowseBenchmarkTest {
    static final double LIMIT_MS = 300;

    @Test
    void repositoryListAndTagTablesAnswerWithin300MsAt1000RepositoriesOf20Tags() throws Exception {
        int repositories = Integer.getInteger("bench.repositories", 1000);
        int tags = Integer.getInteger("bench.tags", 20);
        Path root = Path.of("target", "bench-store", repositories + "x" + tags).toAbsolutePath();
        BenchStore store = new BenchStore(root, "");
        List<String> report = new ArrayList<>();
        report.add("Browse API benchmark, " + Instant.now() + ", " + Runtime.getRuntime().availableProcessors()
                + " cores, Java " + System.getProperty("java.version"));
        Path complete = root.resolve("complete");
        if (!Files.exists(complete)) {
            long start = System.nanoTime();
            store.generate(repositories, tags, 2);
            Files.writeString(complete, "generated\n");
            report.add(String.format("store: %d repositories x %d tags generated in %.1f s at %s", repositories, tags,
                    (System.nanoTime() - start) / 1e9, root));
        } else {
            report.add(String.format("store: %d repositories x %d tags reused from %s", repositories, tags, root));
        }

        long started = System.nanoTime();
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(BerthApplication.class).run(
                "--server.port=0", "--server.address=127.0.0.1", "--registry.storage.filesystem.root=" + root,
                "--logging.level.root=WARN")) {
            int port = ((WebServerApplicationContext) app).getWebServer().getPort();
            report.add(String.format("registry started in %.1f s", (System.nanoTime() - started) / 1e9));
            Random random = new Random(7);

            // The JVM's first requests load and compile the code they run: reported, not judged.
            Timings firstList = new Timings(port);
            firstList.get("/api/repositories");
            Timings firstTags = new Timings(port);
            firstTags.get("/api/repositories/" + store.repository(repositories - 1) + "/-/tags");

            Timings warmUp = new Timings(port);
            for (int i = 0; i < 30; i++) {
                warmUp.get("/api/repositories?n=50");
                warmUp.get("/api/repositories/" + store.repository(random.nextInt(repositories)) + "/-/tags");
            }

            Timings list = new Timings(port);
            for (int i = 0; i < 300; i++) {
                switch (i % 3) {
                    case 0 -> list.get("/api/repositories");
                    case 1 -> list.get("/api/repositories?q=team-" + String.format("%02d", random.nextInt(repositories / 20)));
                    default -> list.get("/api/repositories?last=" + store.repository(random.nextInt(repositories)));
                }
            }

            Timings coldTags = new Timings(port);
            Timings warmTags = new Timings(port);
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < repositories; i++) {
                order.add(i);
            }
            Collections.shuffle(order, random);
            int cold = Math.min(300, repositories - 1);
            for (int i = 0; i < cold; i++) {
                String path = "/api/repositories/" + store.repository(order.get(i)) + "/-/tags";
                coldTags.get(path);
                warmTags.get(path);
            }
            for (int i = 0; i < 300; i++) {
                warmTags.get("/api/repositories/" + store.repository(order.get(random.nextInt(cold))) + "/-/tags");
            }

            report.add(firstList.describe("first list after start (cold JVM)"));
            report.add(firstTags.describe("first tag table after start"));
            report.add(list.describe("repository list (50 a page)"));
            report.add(coldTags.describe("tag table, first request per repo"));
            report.add(warmTags.describe("tag table, repeated"));
            Timings all = new Timings(port);
            all.server.addAll(coldTags.server);
            all.server.addAll(warmTags.server);
            all.roundTrip.addAll(coldTags.roundTrip);
            all.roundTrip.addAll(warmTags.roundTrip);
            report.add(all.describe("tag table, all"));
            String text = String.join("\n", report) + "\n";
            System.out.print(text);
            Path results = Path.of("target", "bench-results");
            Files.createDirectories(results);
            Files.writeString(results.resolve("browse.txt"), text);

            assertThat(list.serverP99()).as("repository list p99 (ms)").isLessThan(LIMIT_MS);
            assertThat(all.serverP99()).as("tag table p99 (ms)").isLessThan(LIMIT_MS);
        }
    }
}
