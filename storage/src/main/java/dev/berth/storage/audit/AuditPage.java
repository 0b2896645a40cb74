package dev.berth.storage.audit;

import java.util.List;
import java.util.Optional;

/**
 * Records newest first, and where the next page starts when there may be more: after a full page,
 * or where a filtered query stopped scanning because it had read its budget of records.
 */
public record AuditPage(List<AuditRecord> records, Optional<AuditCursor> next) {
}
