package dev.berth.registry.replication;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code registry.replication}; docs/configuration.md documents each.
 *
 * @param rules        what to copy where
 * @param replicaId    this replica's name in the store's claims and activity; empty: a new random one per start
 * @param lease        how long a claimed item stays this replica's without a sign of life before another takes it
 * @param pollInterval how often the queue is looked at for due items (retries, items another replica left)
 * @param workers      items copied at once by this replica
 * @param retryBackoff wait before the first retry of a failed item; doubled per failure
 * @param maxBackoff   longest wait between retries
 * @param timeout      connect and idle timeout towards remotes
 */
@ConfigurationProperties("registry.replication")
public record ReplicationProperties(@DefaultValue List<Rule> rules, @DefaultValue("") String replicaId,
                                    @DefaultValue("5m") Duration lease, @DefaultValue("10s") Duration pollInterval,
                                    @DefaultValue("4") int workers, @DefaultValue("10s") Duration retryBackoff,
                                    @DefaultValue("10m") Duration maxBackoff, @DefaultValue("60s") Duration timeout) {

    /**
     * @param name              identifies the rule in the API, metrics and command ({@code [a-z0-9._-]})
     * @param direction         {@code push} (from this registry to the remote) or {@code pull} (from the remote into this one)
     * @param remote            base URL of the other registry
     * @param username          for the remote (basic, or the token flow's realm); optional
     * @param password          likewise
     * @param repositories      globs of source repository names ({@code team/**})
     * @param destinationPrefix put in front of each repository name at the destination ({@code site-a}: {@code site-a/team/app})
     * @param tags              glob of the tags copied
     * @param tagsRegex         regular expression of the tags copied, instead of {@code tags}
     * @param trigger           {@code on-push} (push rules), {@code schedule} or {@code manual}
     * @param schedule          cron expression (six fields) of a {@code schedule} rule
     * @param includeReferrers  copy the referrers (signatures, SBOMs) of each copied manifest too
     * @param delete            propagate deletes of tags and manifests (push rules, on-push)
     */
    public record Rule(String name, String direction, URI remote, String username, String password,
                       @DefaultValue List<String> repositories, @DefaultValue("") String destinationPrefix,
                       @DefaultValue("*") String tags, @DefaultValue("") String tagsRegex,
                       @DefaultValue("manual") String trigger, @DefaultValue("") String schedule,
                       @DefaultValue("true") boolean includeReferrers, @DefaultValue("false") boolean delete) {

        /** No password in logs or the admin API. */
        @Override
        public String toString() {
            return "Rule[" + name + ", " + direction + " " + remote + "]";
        }
    }
}
