package dev.berth.storage.replication;

/** This replica's hold on one work item, for the lease it asked; see {@link ReplicationQueue#claim}. */
public record ItemClaim(WorkItem item, String key) {
}
