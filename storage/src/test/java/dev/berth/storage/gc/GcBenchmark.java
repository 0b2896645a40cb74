package dev.berth.storage.gc;

import dev.berth.oci.Reference;
import dev.berth.oci.RepositoryName;
import dev.berth.storage.RegistryStorage;
import dev.berth.storage.driver.StorageDriver;
import dev.berth.storage.driver.filesystem.FilesystemDriver;
import dev.berth.storage.driver.s3.S3Driver;
import dev.berth.storage.driver.s3.S3Settings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Times one garbage collection over a generated store: REPOSITORIES repositories of MANIFESTS
 * images each, half of them untagged, collected with delete-untagged. Not part of the test run:
 * <pre>
 * java -cp storage/target/test-classes:storage/target/classes:$(cat cp.txt) dev.berth.storage.gc.GcBenchmark \
 *     fs /path/to/empty/folder 1000 20
 * java ... dev.berth.storage.gc.GcBenchmark s3 http://127.0.0.1:9000 bucket accessKey secretKey 1000 20
 * </pre>
 */
public final class GcBenchmark {
    private GcBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        StorageDriver driver = args[0].equals("fs")
                ? new FilesystemDriver(Path.of(args[1]))
                : new S3Driver(new S3Settings(args[2], "us-east-1", URI.create(args[1]), true, "gc-bench",
                args[3], args[4], 16 * 1024 * 1024, null));
        int repositories = Integer.parseInt(args[args.length - 2]);
        int manifests = Integer.parseInt(args[args.length - 1]);
        RegistryStorage storage = new RegistryStorage(driver, Clock.systemUTC(), Duration.ZERO);

        long generating = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<?>> work = new ArrayList<>();
        for (int r = 0; r < repositories; r++) {
            RepositoryName name = RepositoryName.of("bench/repo-" + r);
            work.add(pool.submit(() -> {
                TestImages images = new TestImages(storage);
                for (int m = 0; m < manifests; m++) {
                    images.push(name, "v" + m, "shared base layer", name + " layer " + m);
                    if (m % 2 == 1) {
                        storage.manifests().delete(name, Reference.parse("v" + m));
                    }
                }
                return null;
            }));
        }
        for (Future<?> each : work) {
            each.get();
        }
        pool.shutdown();
        System.out.printf("generated %d repositories x %d manifests in %d s%n", repositories, manifests,
                (System.nanoTime() - generating) / 1_000_000_000);

        GcReport report = new GarbageCollector(storage, System.out::println)
                .collect(new GcOptions(Duration.ZERO, true, true, false));
        System.out.println("GC: " + report.summary());
    }
}
