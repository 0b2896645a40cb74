package dev.berth.storage;

import dev.berth.oci.Digest;
import dev.berth.oci.DigestAlgorithm;
import dev.berth.storage.driver.StorageDriver;
import java.util.ArrayList;
import java.util.List;

/** Lists folders laid out as {@code <base>/<algorithm>/<hex>}, skipping names that are not digests. */
public final class DigestFolders {
    private DigestFolders() {
    }

    public static List<Digest> list(StorageDriver driver, String base) {
        List<Digest> digests = new ArrayList<>();
        for (String algorithm : driver.list(base)) {
            if (DigestAlgorithm.named(algorithm).isPresent()) {
                digests.addAll(list(driver, base + "/" + algorithm, algorithm));
            }
        }
        return digests;
    }

    /** Digests of one algorithm whose hex names the folders directly under {@code folder}. */
    public static List<Digest> list(StorageDriver driver, String folder, String algorithm) {
        List<Digest> digests = new ArrayList<>();
        for (String hex : driver.list(folder)) {
            try {
                digests.add(new Digest(algorithm, hex));
            } catch (RuntimeException notADigest) {
                // stray entry: not ours to interpret
            }
        }
        return digests;
    }
}
