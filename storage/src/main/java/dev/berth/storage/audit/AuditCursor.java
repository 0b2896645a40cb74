package dev.berth.storage.audit;

import java.util.Optional;

/**
 * A position in the newest-first order of records: a page continues with the records strictly
 * older than it. Either a record's own position, or the start of a minute a query scanned to the
 * end of (with an empty id, which sorts before every record of that millisecond).
 */
public record AuditCursor(long millis, String id) {

    /** Whether a record comes after this position in newest-first order. */
    public boolean isBefore(AuditRecord record) {
        long time = record.time().toEpochMilli();
        return time < millis || time == millis && record.id().compareTo(id) < 0;
    }

    /** {@code <millis>_<id>}, what the API hands out as {@code next} and takes back as {@code last}. */
    public String format() {
        return millis + "_" + id;
    }

    /** Empty when the text is no cursor this class formatted. */
    public static Optional<AuditCursor> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        int separator = text.indexOf('_');
        if (separator <= 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(new AuditCursor(Long.parseLong(text.substring(0, separator)), text.substring(separator + 1)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
