package dev.berth.storage.replication;

import dev.berth.oci.DigestAlgorithm;
import java.nio.charset.StandardCharsets;

/**
 * Where replication keeps its state in the store, beside the repositories:
 *
 * <pre>
 * replication/queue/&lt;rule&gt;/&lt;key&gt;                  a work item (JSON); key: hash of repository and reference
 * replication/claims/&lt;rule&gt;/&lt;key&gt;/&lt;replica&gt;       a replica's claim on that item: until when (epoch ms)
 * replication/activity/&lt;rule&gt;/&lt;replica&gt;           what that replica did for the rule (JSON)
 * </pre>
 *
 * Each replica writes only its own claim and activity files, so replicas never overwrite each other.
 */
final class ReplicationLayout {
    static final String ROOT = "replication";

    private ReplicationLayout() {
    }

    static String queue(String rule) {
        return ROOT + "/queue/" + rule;
    }

    static String item(String rule, String key) {
        return queue(rule) + "/" + key;
    }

    static String claims(String rule, String key) {
        return ROOT + "/claims/" + rule + "/" + key;
    }

    static String activity(String rule) {
        return ROOT + "/activity/" + rule;
    }

    /** The item's key: the same repository and reference always land on the same key, whatever the action. */
    static String key(String repository, String reference) {
        return DigestAlgorithm.SHA256.digest((repository + "\n" + reference).getBytes(StandardCharsets.UTF_8))
                .hex().substring(0, 40);
    }

    static boolean isKey(String name) {
        return name != null && name.matches("[0-9a-f]{40}");
    }

    static boolean isReplicaId(String id) {
        return id != null && id.matches("[a-z0-9-]{1,64}");
    }
}
