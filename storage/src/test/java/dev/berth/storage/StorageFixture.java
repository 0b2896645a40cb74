package dev.berth.storage;

import dev.berth.oci.Digest;
import dev.berth.oci.RepositoryName;
import dev.berth.storage.blob.BlobStore;
import dev.berth.storage.driver.filesystem.FilesystemDriver;
import dev.berth.storage.upload.UploadStatus;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;

/** A registry over a real folder, with the few helpers most storage tests need. */
public final class StorageFixture {
    private final Path root;
    private final RegistryStorage storage;

    public StorageFixture(Path root) {
        this.root = root;
        this.storage = open(root);
    }

    /** A new {@link RegistryStorage} over the folder, as a restarted process or another replica would open it. */
    public static RegistryStorage open(Path root) {
        return new RegistryStorage(new FilesystemDriver(root), Clock.systemUTC());
    }

    public RegistryStorage storage() {
        return storage;
    }

    public Path root() {
        return root;
    }

    public static Digest digestOf(byte[] content) {
        return Digest.sha256(BlobStore.sha256(content));
    }

    /** Uploads {@code content} monolithically into the repository and returns its digest. */
    public Digest upload(RepositoryName name, byte[] content) {
        UploadStatus session = storage.uploads().start(name);
        return storage.uploads().complete(name, session.id(), digestOf(content), OptionalLong.of(content.length),
                new ByteArrayInputStream(content));
    }

    /** The blob contents in the store (data files only, not their last-used marks). */
    public List<String> blobDataFiles() {
        return filesUnder(StorageLayout.BLOBS).stream().filter(path -> path.endsWith("/data")).toList();
    }

    /** Every regular file under a folder of the store, as paths relative to the store root. */
    public List<String> filesUnder(String folder) {
        Path start = root.resolve(folder);
        if (!Files.exists(start)) {
            return List.of();
        }
        try (Stream<Path> tree = Files.walk(start)) {
            return tree.filter(Files::isRegularFile).map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
