package dev.berth.storage.browse;

import java.time.Instant;

/** A row of the repository list: how many tags, and the latest push to any of them (null if none). */
public record RepositorySummary(String name, int tagCount, Instant lastPushed) {
}
