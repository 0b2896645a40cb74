package dev.berth.storage.audit;

import java.time.Instant;

/**
 * Which records a page holds: those in {@code [since, until)}, older than {@code after}, of the
 * repository and user when given (exact names), newest first, at most {@code limit}.
 */
public record AuditQuery(Instant since, Instant until, String repository, String user, int limit, AuditCursor after) {

    public AuditQuery {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive");
        }
        if (since == null) {
            since = Instant.EPOCH;
        }
    }

    boolean matches(AuditRecord record) {
        return !record.time().isBefore(since)
                && (until == null || record.time().isBefore(until))
                && (after == null || after.isBefore(record))
                && (repository == null || repository.equals(record.repository()))
                && (user == null || user.equals(record.user()));
    }

    /** The newest instant a matching record can have (exclusive bound), or null for no bound. */
    Instant upperBound() {
        Instant cursor = after == null ? null : Instant.ofEpochMilli(after.millis() + 1);
        if (until == null) {
            return cursor;
        }
        return cursor == null || until.isBefore(cursor) ? until : cursor;
    }
}
