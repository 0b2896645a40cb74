package dev.berth.storage.manifest;

import dev.berth.oci.Digest;
import dev.berth.storage.LinkFile;
import dev.berth.storage.TimeMark;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

/**
 * What a tag's link holds: the manifest digest and, on a second line, when the tag was pushed. The
 * time is written by the registry rather than read from the object's modification time because S3
 * keeps that to the second, and "the N newest tags" must tell apart tags pushed within one second.
 * Links written before the time was kept have none; their modification time stands in.
 */
public record TagLink(Digest manifest, Optional<Instant> pushedAt) {

    static TagLink parse(byte[] bytes) {
        int newline = indexOf(bytes, (byte) '\n');
        Optional<Instant> pushedAt = newline < 0 ? Optional.empty()
                : TimeMark.parse(Arrays.copyOfRange(bytes, newline + 1, bytes.length));
        return new TagLink(LinkFile.digest(bytes), pushedAt);
    }

    byte[] format() {
        String time = pushedAt.map(at -> "\n" + new String(TimeMark.format(at), StandardCharsets.US_ASCII)).orElse("");
        return (manifest + time).getBytes(StandardCharsets.US_ASCII);
    }

    private static int indexOf(byte[] bytes, byte wanted) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return -1;
    }
}
