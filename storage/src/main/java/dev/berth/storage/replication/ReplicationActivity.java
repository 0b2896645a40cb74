package dev.berth.storage.replication;

import dev.berth.storage.driver.StorageDriver;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Each replica's record of what it did per rule, one small file per rule and replica so replicas
 * never write the same object; {@link #of} sums them for the admin API.
 */
public final class ReplicationActivity {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final StorageDriver driver;
    private final String replica;
    private final ConcurrentHashMap<String, RuleActivity> own = new ConcurrentHashMap<>();

    public ReplicationActivity(StorageDriver driver, String replica) {
        if (!ReplicationLayout.isReplicaId(replica)) {
            throw new IllegalArgumentException("replica id must be 1-64 of a-z, 0-9, '-'");
        }
        this.driver = driver;
        this.replica = replica;
    }

    /** Changes this replica's record of the rule and writes it through. */
    public void update(String rule, UnaryOperator<RuleActivity> change) {
        RuleActivity next = own.compute(WorkItem.requireRuleName(rule),
                (name, current) -> change.apply(current != null ? current : readOwn(name)));
        driver.write(ReplicationLayout.activity(rule) + "/" + replica, encode(next));
    }

    /** The rule's activity summed over every replica that worked on it. */
    public RuleActivity of(String rule) {
        String folder = ReplicationLayout.activity(WorkItem.requireRuleName(rule));
        RuleActivity sum = RuleActivity.none();
        for (String name : driver.list(folder)) {
            Optional<RuleActivity> one = driver.read(folder + "/" + name).flatMap(ReplicationActivity::decode);
            if (one.isPresent()) {
                sum = sum.plus(one.get());
            }
        }
        return sum;
    }

    private RuleActivity readOwn(String rule) {
        return driver.read(ReplicationLayout.activity(rule) + "/" + replica).flatMap(ReplicationActivity::decode)
                .orElse(RuleActivity.none());
    }

    private static byte[] encode(RuleActivity activity) {
        ObjectNode node = JSON.createObjectNode();
        if (activity.lastRunStarted() != null) {
            node.put("lastRunStarted", activity.lastRunStarted().toEpochMilli());
        }
        if (activity.lastRunFinished() != null) {
            node.put("lastRunFinished", activity.lastRunFinished().toEpochMilli());
        }
        node.put("copied", activity.copied());
        node.put("bytes", activity.bytes());
        node.put("failed", activity.failed());
        ArrayNode failures = node.putArray("recentFailures");
        for (RuleActivity.Failure failure : activity.recentFailures()) {
            failures.addObject().put("at", failure.at().toEpochMilli()).put("item", failure.item())
                    .put("reason", failure.reason());
        }
        return JSON.writeValueAsBytes(node);
    }

    private static Optional<RuleActivity> decode(byte[] content) {
        try {
            JsonNode node = JSON.readTree(content);
            List<RuleActivity.Failure> failures = new ArrayList<>();
            for (JsonNode failure : node.path("recentFailures")) {
                failures.add(new RuleActivity.Failure(Instant.ofEpochMilli(failure.path("at").asLong()),
                        failure.path("item").asString(), failure.path("reason").asString()));
            }
            return Optional.of(new RuleActivity(time(node, "lastRunStarted"), time(node, "lastRunFinished"),
                    node.path("copied").asLong(), node.path("bytes").asLong(), node.path("failed").asLong(),
                    List.copyOf(failures)));
        } catch (JacksonException e) {
            return Optional.empty();
        }
    }

    private static Instant time(JsonNode node, String field) {
        return node.hasNonNull(field) ? Instant.ofEpochMilli(node.path(field).asLong()) : null;
    }
}
