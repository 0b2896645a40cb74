package dev.berth.storage;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** A point in time kept as a small ISO-8601 file; an unreadable one counts as absent. */
public final class TimeMark {
    private TimeMark() {
    }

    public static byte[] format(Instant when) {
        return when.toString().getBytes(StandardCharsets.US_ASCII);
    }

    public static Optional<Instant> parse(byte[] bytes) {
        try {
            return Optional.of(Instant.parse(new String(bytes, StandardCharsets.US_ASCII).trim()));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
