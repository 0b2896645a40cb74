package dev.berth.registry.api.blob;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One byte range of a {@code Range: bytes=...} request header, resolved against a size. */
public record ByteRange(long start, long end) {
    private static final Pattern SINGLE = Pattern.compile("bytes=(\\d*)-(\\d*)");

    public long length() {
        return end - start + 1;
    }

    /**
     * Empty when the header is absent, malformed or asks for several ranges: RFC 9110 lets a server
     * answer those with the whole content. Throws {@link Unsatisfiable} when no byte of the range exists.
     */
    public static Optional<ByteRange> parse(String header, long size) {
        if (header == null) {
            return Optional.empty();
        }
        Matcher matcher = SINGLE.matcher(header.trim());
        if (!matcher.matches() || (matcher.group(1).isEmpty() && matcher.group(2).isEmpty())) {
            return Optional.empty();
        }
        try {
            if (matcher.group(1).isEmpty()) {
                long suffix = Long.parseLong(matcher.group(2));
                if (suffix == 0 || size == 0) {
                    throw new Unsatisfiable();
                }
                return Optional.of(new ByteRange(Math.max(0, size - suffix), size - 1));
            }
            long start = Long.parseLong(matcher.group(1));
            long end = matcher.group(2).isEmpty() ? size - 1 : Math.min(Long.parseLong(matcher.group(2)), size - 1);
            if (start >= size) {
                throw new Unsatisfiable();
            }
            if (end < start) {
                return Optional.empty();
            }
            return Optional.of(new ByteRange(start, end));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** A range that lies wholly past the end of the content. */
    public static final class Unsatisfiable extends RuntimeException {
        Unsatisfiable() {
            super("requested range is not satisfiable", null, false, false);
        }
    }
}
