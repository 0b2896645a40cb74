package dev.berth.storage;

import dev.berth.oci.Digest;
import dev.berth.storage.driver.StorageDriver;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A link file holds, as text, the digest it points at on its first line. Later lines belong to the
 * link's owner (a tag link adds its push time there), so readers of the digest ignore them.
 */
public final class LinkFile {
    private LinkFile() {
    }

    public static void write(StorageDriver driver, String path, Digest digest) {
        driver.write(path, digest.toString().getBytes(StandardCharsets.US_ASCII));
    }

    public static Optional<Digest> read(StorageDriver driver, String path) {
        return driver.read(path).map(LinkFile::digest);
    }

    /** The digest on a link's first line. */
    public static Digest digest(byte[] link) {
        String text = new String(link, StandardCharsets.US_ASCII);
        int end = text.indexOf('\n');
        return Digest.parse((end < 0 ? text : text.substring(0, end)).trim());
    }

    public static boolean readsAs(StorageDriver driver, String path, Digest digest) {
        return read(driver, path).filter(digest::equals).isPresent();
    }
}
