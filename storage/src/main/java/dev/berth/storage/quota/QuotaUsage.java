package dev.berth.storage.quota;

/** What a quota's repositories hold now against its limit. */
public record QuotaUsage(Quota quota, long usedBytes) {

    public long limitBytes() {
        return quota.limitBytes();
    }
}
