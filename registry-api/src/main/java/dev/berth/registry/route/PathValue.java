package dev.berth.registry.route;

import java.util.function.Function;

/**
 * A value read from a segment of the request path ({@link dev.berth.oci.Digest}, {@link
 * dev.berth.oci.Reference}, {@link dev.berth.storage.UploadId}), parsed once with the route.
 * A segment that does not parse keeps its error, thrown where the endpoint first needs the value:
 * a request is refused for what it may not do, or by a disabled feature, before it is told a
 * value of it is malformed. {@link #text()} is the segment as sent, for records of refusals.
 */
public final class PathValue<T> {
    private final String text;
    private final T value;
    private final RuntimeException invalid;

    private PathValue(String text, T value, RuntimeException invalid) {
        this.text = text;
        this.value = value;
        this.invalid = invalid;
    }

    static <T> PathValue<T> parse(String text, Function<String, T> parser) {
        try {
            return new PathValue<>(text, parser.apply(text), null);
        } catch (RuntimeException e) {
            return new PathValue<>(text, null, e);
        }
    }

    /** The value; the segment's parse error when it is not one. */
    public T get() {
        if (invalid != null) {
            throw invalid;
        }
        return value;
    }

    public String text() {
        return text;
    }

    @Override
    public String toString() {
        return text;
    }
}
