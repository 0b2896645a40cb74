package dev.berth.storage;

import dev.berth.oci.Digest;
import dev.berth.oci.RepositoryName;
import dev.berth.oci.Tag;
import dev.berth.storage.UploadId;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.Random;

/**
 * Run in a child JVM by {@link CrashSafetyTest}, which kills it at a random moment: over and over,
 * points a tag at one of two manifests in turn and appends a chunk to an upload.
 *
 * <p>Arguments: root, repository, tag, first digest, second digest, upload id. Prints {@code ready}
 * after its first round (so classes are loaded and a kill lands in the hot loop), then runs until killed.
 */
public final class CrashWorker {
    static final String READY = "ready";
    static final int MAX_CHUNK = 64 * 1024;

    private CrashWorker() {
    }

    public static void main(String[] args) {
        Path root = Path.of(args[0]);
        RepositoryName name = RepositoryName.of(args[1]);
        Tag tag = new Tag(args[2]);
        Digest[] digests = {Digest.parse(args[3]), Digest.parse(args[4])};
        UploadId upload = new UploadId(args[5]);
        RegistryStorage storage = StorageFixture.open(root);
        Random random = new Random();

        for (long round = 0; ; round++) {
            storage.tags().point(name, tag, digests[(int) (round % 2)]);
            long offset = storage.uploads().status(name, upload).offset();
            byte[] chunk = content(offset, 1 + random.nextInt(MAX_CHUNK));
            storage.uploads().append(name, upload, OptionalLong.of(offset), OptionalLong.of(chunk.length),
                    new ByteArrayInputStream(chunk));
            if (round == 0) {
                System.out.println(READY);
                System.out.flush();
            }
        }
    }

    /** The upload's bytes from {@code offset}: each byte is a function of its position, so any prefix is known. */
    static byte[] content(long offset, int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            long position = offset + i;
            bytes[i] = (byte) (position * 131 + (position >> 12));
        }
        return bytes;
    }
}
