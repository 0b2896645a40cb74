package dev.berth.storage.bench;

import dev.berth.oci.RepositoryName;
import dev.berth.oci.Tag;
import dev.berth.storage.RegistryStorage;
import dev.berth.storage.driver.StorageDriver;
import dev.berth.storage.driver.filesystem.FilesystemDriver;
import dev.berth.storage.driver.s3.S3Driver;
import dev.berth.storage.driver.s3.S3Settings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Builds a large store for bench/large-store.sh through the public storage API only (blobs,
 * uploads, manifests), so it keeps working whatever the storage keeps inside: see
 * {@link StoreShape} for what it holds. Work is split in units (a team repository, or 100 tags
 * of the big repository) run on a thread pool; a unit whose last tag exists is skipped, so running
 * again with the same sizes completes an interrupted run, and a store holding other repositories
 * is refused. Not part of the test run:
 * <pre>
 * java -cp storage/target/test-classes:storage/target/classes:$(cat cp.txt) dev.berth.storage.bench.LargeStoreGenerator \
 *     fs /path/to/folder  10000 200000 100000 8
 * java ... LargeStoreGenerator s3 http://127.0.0.1:9000 bucket accessKey secretKey [prefix]  10000 200000 100000 8
 * </pre>
 * The last four arguments: repositories (the big one included), manifests in all, tags in the big
 * repository, threads.
 */
public final class LargeStoreGenerator {
    private static final String USAGE = "usage: LargeStoreGenerator fs <root> | s3 <endpoint> <bucket> <access-key> <secret-key> [prefix]"
            + "  <repositories> <manifests> <big-repository-tags> <threads>";

    private final RegistryStorage storage;
    private final StoreShape shape;
    private final ImagePusher pusher;
    private final Progress progress;

    LargeStoreGenerator(RegistryStorage storage, StoreShape shape, Progress progress) {
        this.storage = storage;
        this.shape = shape;
        this.pusher = new ImagePusher(storage);
        this.progress = progress;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 6) {
            System.err.println(USAGE);
            System.exit(2);
        }
        int n = args.length;
        StoreShape shape = new StoreShape(Integer.parseInt(args[n - 4]), Integer.parseInt(args[n - 3]),
                Integer.parseInt(args[n - 2]));
        int threads = Integer.parseInt(args[n - 1]);
        StorageDriver driver = driver(List.of(args).subList(0, n - 4));
        try {
            RegistryStorage storage = new RegistryStorage(driver, Clock.systemUTC());
            String foreign = foreignRepository(storage.catalog().list(), shape);
            if (foreign != null) {
                System.err.println("refusing: the store already holds " + foreign + ", which this generator does not"
                        + " make; give it an empty folder, bucket or prefix");
                System.exit(2);
            }
            System.out.printf("generating %,d repositories, %,d manifests (%,d tags in %s), %,d tags in all, on %s with %d threads%n",
                    shape.repositories(), shape.manifests(), shape.bigTags(), StoreShape.BIG_REPOSITORY, shape.tags(),
                    args[0], threads);
            try (Progress progress = new Progress(shape.manifests(), System.out, 10)) {
                new LargeStoreGenerator(storage, shape, progress).run(threads);
                System.out.printf("generated in %.1f s: %,d manifests pushed (%.0f/s), %,d already there%n",
                        progress.seconds(), progress.pushedCount(), progress.rate(), progress.skippedCount());
            }
        } finally {
            if (driver instanceof AutoCloseable closeable) {
                closeable.close();
            }
        }
    }

    private static StorageDriver driver(List<String> spec) {
        if (spec.size() == 2 && spec.get(0).equals("fs")) {
            return new FilesystemDriver(Path.of(spec.get(1)));
        }
        if ((spec.size() == 5 || spec.size() == 6) && spec.get(0).equals("s3")) {
            // Path-style and a 16 MiB part size: what the registry uses against MinIO and s3proxy.
            return new S3Driver(new S3Settings(spec.get(2), "us-east-1", URI.create(spec.get(1)), true,
                    spec.size() == 6 ? spec.get(5) : "", spec.get(3), spec.get(4), 16 * 1024 * 1024, null));
        }
        throw new IllegalArgumentException(USAGE);
    }

    /** A repository in the store that this shape would not make, or null. */
    static String foreignRepository(List<String> stored, StoreShape shape) {
        Set<String> expected = shape.names();
        return stored.stream().filter(name -> !expected.contains(name)).findFirst().orElse(null);
    }

    /** Pushes every unit of work not already in the store, on {@code threads} threads. */
    void run(int threads) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> units = new ArrayList<>();
            RepositoryName big = RepositoryName.of(StoreShape.BIG_REPOSITORY);
            for (int first : shape.bigChunkStarts()) {
                units.add(pool.submit(() -> bigChunk(big, first)));
            }
            for (int i = 0; i < shape.teamRepositories(); i++) {
                int index = i;
                units.add(pool.submit(() -> teamRepository(index)));
            }
            for (Future<?> unit : units) {
                unit.get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("generation failed; run again with the same arguments to continue", e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** Tags {@code first} to {@code first + 99} of the big repository, each its own image. */
    private void bigChunk(RepositoryName big, int first) {
        int last = Math.min(first + StoreShape.BIG_CHUNK - 1, shape.bigTags());
        if (storage.tags().resolve(big, new Tag(StoreShape.bigTag(last))).isPresent()) {
            progress.alreadyThere(last - first + 1);
            return;
        }
        ImagePusher.Base base = pusher.ensureBase(big, 0);
        for (int number = first; number <= last; number++) {
            pusher.push(big, base, number, StoreShape.bigTag(number));
            progress.pushed();
        }
    }

    /** One team repository: its images (every fifth untagged), {@code latest} on the newest tagged one, maybe an orphan blob. */
    private void teamRepository(int index) {
        RepositoryName name = shape.teamRepository(index);
        int count = shape.manifestsIn(index);
        if (storage.tags().resolve(name, new Tag("latest")).isPresent()) { // tagged last: the unit is complete
            progress.alreadyThere(count);
            return;
        }
        ImagePusher.Base base = pusher.ensureBase(name, StoreShape.baseOf(index));
        if (StoreShape.hasOrphan(index)) {
            pusher.orphan(name);
        }
        ImagePusher.Pushed newestTagged = null;
        for (int m = 0; m < count; m++) {
            String tag = StoreShape.teamTag(m);
            ImagePusher.Pushed pushed = pusher.push(name, base, m, tag);
            if (tag != null) {
                newestTagged = pushed;
            }
            progress.pushed();
        }
        pusher.tag(name, newestTagged, "latest"); // manifest 0 is always tagged, so there is one
    }
}
