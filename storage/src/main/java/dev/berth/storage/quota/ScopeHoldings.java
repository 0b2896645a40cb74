package dev.berth.storage.quota;

import dev.berth.oci.Digest;
import dev.berth.oci.RepositoryName;
import dev.berth.storage.StorageLayout;
import dev.berth.storage.driver.StorageDriver;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalLong;

/**
 * Which repositories of one quota's scope hold each digest, one small record per holding, so a push
 * learns whether the scope already holds its content from one listing of that digest's folder (a
 * few names at most), never from a walk over the repositories.
 *
 * <pre>
 * &lt;folder&gt;/&lt;algorithm&gt;/&lt;2 hex&gt;/&lt;hex&gt;/&lt;b|m&gt;-&lt;repository, '/' as '~'&gt;   content: the digest's size in bytes
 * </pre>
 *
 * The size is kept in the record because garbage collection may remove the content first. Sharded
 * by the first two hex digits as the blob store is, so no folder of a filesystem store holds every digest.
 */
final class ScopeHoldings {
    private final StorageDriver driver;
    private final String folder;

    ScopeHoldings(StorageDriver driver, String folder) {
        this.driver = driver;
        this.folder = folder;
    }

    boolean isHeldBy(RepositoryName name, HeldAs kind, Digest digest) {
        return driver.read(record(name, kind, digest)).isPresent();
    }

    /** Whether any repository of the scope holds the digest. */
    boolean isHeld(Digest digest) {
        return !driver.list(digestFolder(digest)).isEmpty();
    }

    void add(RepositoryName name, HeldAs kind, Digest digest, long size) {
        driver.write(record(name, kind, digest), Long.toString(size).getBytes(StandardCharsets.US_ASCII));
    }

    /** Removes one holding; returns the size it recorded, or empty if there was none. */
    OptionalLong remove(RepositoryName name, HeldAs kind, Digest digest) {
        String path = record(name, kind, digest);
        OptionalLong size = sizeIn(path);
        if (size.isPresent()) {
            driver.deleteFile(path);
        }
        return size;
    }

    /** Removes every holding of the digest (its content is gone); returns its size, or empty if none held it. */
    OptionalLong removeAll(Digest digest) {
        List<String> holders = driver.list(digestFolder(digest));
        OptionalLong size = OptionalLong.empty();
        for (String holder : holders) {
            OptionalLong recorded = sizeIn(digestFolder(digest) + "/" + holder);
            if (size.isEmpty()) {
                size = recorded;
            }
            driver.deleteFile(digestFolder(digest) + "/" + holder);
        }
        return size;
    }

    private OptionalLong sizeIn(String path) {
        return driver.read(path)
                .map(bytes -> OptionalLong.of(Long.parseLong(new String(bytes, StandardCharsets.US_ASCII).trim())))
                .orElse(OptionalLong.empty());
    }

    private String digestFolder(Digest digest) {
        return StorageLayout.quotaHolding(folder, digest);
    }

    private String record(RepositoryName name, HeldAs kind, Digest digest) {
        // Repository names never hold '~' (and it needs no escaping in any store's keys), so the
        // flattening is reversible and one level deep.
        return digestFolder(digest) + "/" + kind.code() + "-" + name.value().replace('/', '~');
    }
}
