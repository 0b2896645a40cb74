package dev.berth.storage.replication;

import dev.berth.storage.driver.StorageDriver;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Replication's work queue, kept in the store so that a restarted replica, or another one sharing
 * the bucket, carries on where one stopped.
 *
 * <p>Claims need no conditional write, which neither driver offers: a replica writes its own claim
 * file and then lists the item's claims; it holds the item only if no other live claim is there.
 * Of two replicas claiming at once, the later writer's list sees the earlier one's claim (the
 * driver contract: a listing shows every write finished before it began), so at most one wins
 * (both may lose, and try again later). A claim lives until its lease ends; a replica
 * that died holding one is taken over after that.
 */
public final class ReplicationQueue {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final StorageDriver driver;
    private final Clock clock;
    private final String replica;

    /** @param replica this process's name among the replicas sharing the store ({@code [a-z0-9-]}) */
    public ReplicationQueue(StorageDriver driver, Clock clock, String replica) {
        if (!ReplicationLayout.isReplicaId(replica)) {
            throw new IllegalArgumentException("replica id must be 1-64 of a-z, 0-9, '-'");
        }
        this.driver = driver;
        this.clock = clock;
        this.replica = replica;
    }

    public String replica() {
        return replica;
    }

    /**
     * Queues a copy or delete of {@code reference}, replacing what was queued for it before (a tag
     * pushed twice is copied once, as it is now), due at once.
     */
    public void enqueue(String rule, String repository, String reference, WorkItem.Action action) {
        write(rule, repository, reference, action);
    }

    /**
     * Queues a copy unless one is queued for the reference already (a scan of the source finding
     * what a push queued, or what another replica's scan queued and may be copying now): that one
     * stays, so the same item is not done twice; if it waits for a retry, it is due now.
     */
    public void enqueueIfAbsent(String rule, String repository, String reference, WorkItem.Action action) {
        String key = ReplicationLayout.key(repository, reference);
        Optional<WorkItem> queued = read(rule, key);
        if (queued.isEmpty()) {
            write(rule, repository, reference, action);
        } else if (!queued.get().isDue(clock.instant())) {
            driver.write(ReplicationLayout.item(rule, key), encode(queued.get().dueAt(clock.instant())));
        }
    }

    private void write(String rule, String repository, String reference, WorkItem.Action action) {
        WorkItem item = new WorkItem(rule, repository, reference, action, 0, clock.instant(), null,
                UUID.randomUUID().toString());
        driver.write(ReplicationLayout.item(rule, ReplicationLayout.key(repository, reference)), encode(item));
    }

    /** How many items the rule has queued, due or waiting for a retry. */
    public int backlog(String rule) {
        return driver.list(ReplicationLayout.queue(WorkItem.requireRuleName(rule))).size();
    }

    /** The keys of the rule's queued items, to be read one at a time with {@link #item}. */
    public List<String> keys(String rule) {
        return driver.list(ReplicationLayout.queue(WorkItem.requireRuleName(rule)));
    }

    /** One queued item by its key; empty when it left the queue meanwhile. */
    public Optional<ItemClaim> item(String rule, String key) {
        if (!ReplicationLayout.isKey(key)) {
            return Optional.empty(); // not a file this queue wrote
        }
        return read(WorkItem.requireRuleName(rule), key).map(item -> new ItemClaim(item, key));
    }

    /** The rule's queued items (keys with their items); an item removed while listed is left out. */
    public List<ItemClaim> queued(String rule) {
        List<ItemClaim> items = new ArrayList<>();
        for (String key : driver.list(ReplicationLayout.queue(WorkItem.requireRuleName(rule)))) {
            read(rule, key).ifPresent(item -> items.add(new ItemClaim(item, key)));
        }
        return items;
    }

    /**
     * Claims a queued item for {@code lease}; empty when another replica holds it (or claimed it
     * in the same instant), or it is gone or not yet due.
     */
    public Optional<ItemClaim> claim(ItemClaim queued, Duration lease) {
        String rule = queued.item().rule();
        String folder = ReplicationLayout.claims(rule, queued.key());
        if (othersHold(folder)) {
            return Optional.empty();
        }
        String own = folder + "/" + replica;
        driver.write(own, expiry(lease));
        if (othersHold(folder)) {
            driver.deleteFile(own);
            return Optional.empty();
        }
        // Read again under the claim: another replica may have finished it between our list and our claim.
        Optional<WorkItem> current = read(rule, queued.key());
        if (current.isEmpty() || !current.get().isDue(clock.instant())) {
            driver.deleteFile(own);
            return Optional.empty();
        }
        removeExpired(folder);
        return Optional.of(new ItemClaim(current.get(), queued.key()));
    }

    /**
     * Extends a claim during a long copy; false when another replica took the item over meanwhile
     * (our lease had ended), and the copy should stop.
     */
    public boolean renew(ItemClaim claim, Duration lease) {
        String folder = ReplicationLayout.claims(claim.item().rule(), claim.key());
        if (othersHold(folder)) {
            return false;
        }
        driver.write(folder + "/" + replica, expiry(lease));
        return true;
    }

    /** The item is done: it leaves the queue unless it was queued again meanwhile; the claim goes. */
    public void done(ItemClaim claim) {
        String rule = claim.item().rule();
        Optional<WorkItem> current = read(rule, claim.key());
        if (current.isPresent() && current.get().version().equals(claim.item().version())) {
            driver.deleteFile(ReplicationLayout.item(rule, claim.key()));
        }
        release(claim);
    }

    /** The attempt failed: the item waits until {@code retryAt} with the reason noted; the claim goes. */
    public void failed(ItemClaim claim, String reason, Instant retryAt) {
        String rule = claim.item().rule();
        Optional<WorkItem> current = read(rule, claim.key());
        if (current.isPresent() && current.get().version().equals(claim.item().version())) {
            driver.write(ReplicationLayout.item(rule, claim.key()), encode(current.get().failed(reason, retryAt)));
        }
        release(claim);
    }

    /** Gives the item back untouched (this replica is stopping). */
    public void release(ItemClaim claim) {
        driver.deleteFile(ReplicationLayout.claims(claim.item().rule(), claim.key()) + "/" + replica);
    }

    /** Whether another replica's claim on the item is live. */
    private boolean othersHold(String folder) {
        long now = clock.millis();
        for (String holder : driver.list(folder)) {
            if (!holder.equals(replica) && expiryOf(folder + "/" + holder) > now) {
                return true;
            }
        }
        return false;
    }

    /** Claims of replicas that died holding the item, cleared by the replica that took it over. */
    private void removeExpired(String folder) {
        long now = clock.millis();
        for (String holder : driver.list(folder)) {
            if (!holder.equals(replica) && expiryOf(folder + "/" + holder) <= now) {
                driver.deleteFile(folder + "/" + holder);
            }
        }
    }

    private long expiryOf(String path) {
        return driver.read(path).map(bytes -> {
            try {
                return Long.parseLong(new String(bytes, StandardCharsets.US_ASCII).trim());
            } catch (NumberFormatException e) {
                // Listed but not yet readable whole (a store may show an object while it is written):
                // counted as live, since its writer may be about to win.
                return Long.MAX_VALUE;
            }
        }).orElse(0L);
    }

    private byte[] expiry(Duration lease) {
        return Long.toString(clock.millis() + lease.toMillis()).getBytes(StandardCharsets.US_ASCII);
    }

    private Optional<WorkItem> read(String rule, String key) {
        return driver.read(ReplicationLayout.item(rule, key)).flatMap(ReplicationQueue::decode);
    }

    private static byte[] encode(WorkItem item) {
        ObjectNode node = JSON.createObjectNode();
        node.put("rule", item.rule());
        node.put("repository", item.repository());
        node.put("reference", item.reference());
        node.put("action", item.action().name());
        node.put("attempts", item.attempts());
        node.put("notBefore", item.notBefore().toEpochMilli());
        if (item.lastError() != null) {
            node.put("lastError", item.lastError());
        }
        node.put("version", item.version());
        return JSON.writeValueAsBytes(node);
    }

    private static Optional<WorkItem> decode(byte[] content) {
        try {
            JsonNode node = JSON.readTree(content);
            return Optional.of(new WorkItem(node.path("rule").asString(), node.path("repository").asString(),
                    node.path("reference").asString(), WorkItem.Action.valueOf(node.path("action").asString()),
                    node.path("attempts").asInt(), Instant.ofEpochMilli(node.path("notBefore").asLong()),
                    node.hasNonNull("lastError") ? node.path("lastError").asString() : null,
                    node.path("version").asString()));
        } catch (JacksonException | IllegalArgumentException e) {
            return Optional.empty(); // unreadable: skipped, like a half-written object would be
        }
    }
}
