package dev.berth.registry.api.upload;

import dev.berth.oci.ErrorCode;
import dev.berth.oci.OciException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The {@code Content-Range: <start>-<end>} of an upload chunk (inclusive end). */
public record ChunkRange(long start, long end) {
    private static final Pattern FORM = Pattern.compile("(?:bytes )?(\\d+)-(\\d+)(?:/(?:\\d+|\\*))?");

    public long length() {
        return end - start + 1;
    }

    public static Optional<ChunkRange> parse(String header) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        Matcher matcher = FORM.matcher(header.trim());
        if (!matcher.matches()) {
            throw new OciException(ErrorCode.BLOB_UPLOAD_INVALID, "Content-Range must be <start>-<end>");
        }
        try {
            long start = Long.parseLong(matcher.group(1));
            long end = Long.parseLong(matcher.group(2));
            if (end < start) {
                throw new OciException(ErrorCode.BLOB_UPLOAD_INVALID, "Content-Range ends before it starts");
            }
            return Optional.of(new ChunkRange(start, end));
        } catch (NumberFormatException e) {
            throw new OciException(ErrorCode.BLOB_UPLOAD_INVALID, "Content-Range is out of bounds");
        }
    }
}
