package dev.berth.storage.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;
import java.util.UUID;

/**
 * One write, or one refusal of a write, as the audit trail keeps it. Plain strings: storage knows
 * no users or requests, and a refused request may name a repository or reference that is not
 * valid. Never a secret: the callers record names, never passwords or tokens.
 *
 * @param id         unique; breaks ties between records of the same millisecond
 * @param time       when it happened, as the replica that saw it tells time
 * @param action     what happened, one of {@link AuditAction}'s names
 * @param user       who asked; null when anonymous, or a policy's name for removals by policy
 * @param client     the client's address; null when no request was behind it
 * @param repository the repository concerned, if any
 * @param reference  tag or digest as the request named it, if any
 * @param digest     the manifest or blob digest, if known
 * @param detail     why it was refused, or what changed (a tag's previous digest, a token's id)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuditRecord(String id, Instant time, String action, String user, String client, String repository,
                          String reference, String digest, String detail) {

    /** Newest first; records of one millisecond by id, the order the cursor follows. */
    public static final Comparator<AuditRecord> NEWEST_FIRST =
            Comparator.comparing(AuditRecord::time).thenComparing(AuditRecord::id).reversed();

    public AuditRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(action, "action");
    }

    /** A record with a fresh id. */
    public static AuditRecord of(Instant time, AuditAction action, String user, String client, String repository,
                                 String reference, String digest, String detail) {
        return new AuditRecord(UUID.randomUUID().toString(), time, action.value(), user, client, repository, reference,
                digest, detail);
    }

    /** Where this record sits in the newest-first order. */
    public AuditCursor position() {
        return new AuditCursor(time.toEpochMilli(), id);
    }
}
