package dev.berth.storage;

import dev.berth.oci.ErrorCode;
import dev.berth.oci.OciException;
import java.util.List;

/** One page of a sorted listing, as the spec's {@code n}/{@code last} pagination returns it. */
public record Page<T>(List<T> items, boolean hasMore) {

    /** The first {@code limit} items after {@code last}; {@code limit} null means all. */
    public static Page<String> of(List<String> sorted, Integer limit, String last) {
        if (limit != null && limit < 0) {
            throw new OciException(ErrorCode.UNSUPPORTED, "n must not be negative");
        }
        List<String> after = last == null ? sorted : sorted.stream().filter(item -> item.compareTo(last) > 0).toList();
        if (limit == null || after.size() <= limit) {
            return new Page<>(after, false);
        }
        return new Page<>(after.subList(0, limit), true);
    }
}
