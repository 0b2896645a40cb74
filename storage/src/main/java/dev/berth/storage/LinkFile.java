package dev.berth.storage;

import dev.berth.oci.Digest;
import dev.berth.storage.driver.StorageDriver;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** A link file holds, as text, the digest it points at. */
public final class LinkFile {
    private LinkFile() {
    }

    public static void write(StorageDriver driver, String path, Digest digest) {
        driver.write(path, digest.toString().getBytes(StandardCharsets.US_ASCII));
    }

    public static Optional<Digest> read(StorageDriver driver, String path) {
        return driver.read(path).map(bytes -> Digest.parse(new String(bytes, StandardCharsets.US_ASCII).trim()));
    }

    public static boolean readsAs(StorageDriver driver, String path, Digest digest) {
        return read(driver, path).filter(digest::equals).isPresent();
    }
}
