package dev.berth.storage.audit;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where audit records live: partitioned by time (UTC), so a page of the newest records or of a time
 * window lists only the few partitions it covers, and expiry removes whole days.
 *
 * <pre>
 * audit/&lt;yyyy-MM-dd&gt;/&lt;HH&gt;/&lt;mm&gt;-&lt;writer&gt;-&lt;seq&gt;.jsonl   one replica's records of one minute, a JSON document a line
 * </pre>
 *
 * <p>Each replica (each start of one) writes under a writer id of its own and only rewrites its own
 * objects, so replicas never contend; an hour folder holds at most 60 objects a replica (more only
 * past {@link AuditWriter#MAX_RECORDS_PER_OBJECT} records a minute).
 */
final class AuditLayout {
    static final String ROOT = "audit";
    private static final DateTimeFormatter DAY = DateTimeFormatter.ISO_LOCAL_DATE;
    private static final Pattern DAY_NAME = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern TWO_DIGITS = Pattern.compile("\\d{2}");
    private static final Pattern BATCH_NAME = Pattern.compile("\\d{2}-[0-9a-f]+-\\d+\\.jsonl");

    private AuditLayout() {
    }

    static String batch(long epochMinute, String writer, long seq) {
        Instant start = Instant.ofEpochSecond(epochMinute * 60);
        String text = start.toString(); // 2026-12-07T02:41:00Z
        return hourFolder(start) + "/" + text.substring(14, 16) + "-" + writer + "-" + seq + ".jsonl";
    }

    static String dayFolder(String day) {
        return ROOT + "/" + day;
    }

    static String hourFolder(Instant instant) {
        String text = instant.truncatedTo(ChronoUnit.HOURS).toString();
        return ROOT + "/" + text.substring(0, 10) + "/" + text.substring(11, 13);
    }

    /** The start of a day folder's day, empty when the name is not one of ours. */
    static Optional<Instant> dayStart(String name) {
        if (!DAY_NAME.matcher(name).matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(name, DAY).atStartOfDay(ZoneOffset.UTC).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** The hour an hour folder's name stands for within its day, or -1. */
    static int hour(String name) {
        return TWO_DIGITS.matcher(name).matches() ? Integer.parseInt(name) : -1;
    }

    /** The minute of the hour a batch object's name says it holds, or -1 when the name is not one of ours. */
    static int minute(String name) {
        return BATCH_NAME.matcher(name).matches() ? Integer.parseInt(name.substring(0, 2)) : -1;
    }
}
