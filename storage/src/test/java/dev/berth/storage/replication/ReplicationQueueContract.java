package dev.berth.storage.replication;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.storage.MovableClock;
import dev.berth.storage.driver.StorageDriver;
import dev.berth.storage.testsupport.AtOnce;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What replication's queue must do over every driver: items queued by one replica are seen by all,
 * only one replica at a time holds an item, a dead replica's claim is taken over after its lease,
 * a failed item waits for its retry, and each replica's activity adds up.
 */
public abstract class ReplicationQueueContract {
    private static final Duration LEASE = Duration.ofMinutes(2);

    private StorageDriver driver;
    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-07T10:00:00Z"));

    protected abstract StorageDriver createDriver();

    @BeforeEach
    void createStore() {
        driver = createDriver();
    }

    private ReplicationQueue replica(String id) {
        return new ReplicationQueue(driver, clock, id);
    }

    @Test
    void anItemQueuedByOneReplicaIsClaimedByAnotherAndLeavesWhenDone() {
        replica("a").enqueue("to-b", "team/app", "1.0", WorkItem.Action.COPY);
        ReplicationQueue b = replica("b");

        List<ItemClaim> queued = b.queued("to-b");
        assertThat(queued).extracting(q -> q.item().repository() + ":" + q.item().reference()).containsExactly("team/app:1.0");
        assertThat(b.backlog("to-b")).isEqualTo(1);

        ItemClaim claim = b.claim(queued.get(0), LEASE).orElseThrow();
        b.done(claim);

        assertThat(b.backlog("to-b")).isZero();
        assertThat(replica("a").queued("to-b")).isEmpty();
    }

    @Test
    void theSameTagQueuedTwiceIsOneItem() {
        ReplicationQueue a = replica("a");
        a.enqueue("to-b", "team/app", "1.0", WorkItem.Action.COPY);
        a.enqueue("to-b", "team/app", "1.0", WorkItem.Action.DELETE);

        assertThat(a.queued("to-b")).singleElement().satisfies(q -> assertThat(q.item().action()).isEqualTo(WorkItem.Action.DELETE));
    }

    @Test
    void aHeldItemIsRefusedToOtherReplicasUntilTheLeaseEnds() {
        replica("a").enqueue("to-b", "team/app", "1.0", WorkItem.Action.COPY);
        ReplicationQueue a = replica("a");
        ReplicationQueue b = replica("b");
        ItemClaim held = a.claim(a.queued("to-b").get(0), LEASE).orElseThrow();

        assertThat(b.claim(b.queued("to-b").get(0), LEASE)).isEmpty();

        clock.advance(LEASE.plusSeconds(1)); // a died holding it
        ItemClaim takenOver = b.claim(b.queued("to-b").get(0), LEASE).orElseThrow();
        assertThat(a.renew(held, LEASE)).as("a learns it lost the item").isFalse();
        b.done(takenOver);
        assertThat(b.backlog("to-b")).isZero();
    }

    @Test
    void anItemQueuedAgainWhileCopiedStaysForTheNextPass() {
        ReplicationQueue a = replica("a");
        a.enqueue("to-b", "team/app", "latest", WorkItem.Action.COPY);
        ItemClaim claim = a.claim(a.queued("to-b").get(0), LEASE).orElseThrow();
        a.enqueue("to-b", "team/app", "latest", WorkItem.Action.COPY); // pushed again meanwhile

        a.done(claim);

        assertThat(a.backlog("to-b")).isEqualTo(1);
    }

    @Test
    void aFailedItemWaitsForItsRetryWithTheReason() {
        ReplicationQueue a = replica("a");
        a.enqueue("to-b", "team/app", "1.0", WorkItem.Action.COPY);
        ItemClaim claim = a.claim(a.queued("to-b").get(0), LEASE).orElseThrow();

        a.failed(claim, "remote answered 503", clock.instant().plusSeconds(30));

        ItemClaim waiting = a.queued("to-b").get(0);
        assertThat(waiting.item().attempts()).isEqualTo(1);
        assertThat(waiting.item().lastError()).isEqualTo("remote answered 503");
        assertThat(replica("b").claim(waiting, LEASE)).as("not due yet").isEmpty();
        clock.advance(Duration.ofSeconds(31));
        assertThat(replica("b").claim(waiting, LEASE)).isPresent();
    }

    @Test
    void aScanLeavesAQueuedItemAloneButMakesAWaitingRetryDueNow() {
        ReplicationQueue a = replica("a");
        a.enqueue("to-b", "team/app", "1.0", WorkItem.Action.COPY);
        ItemClaim claim = a.claim(a.queued("to-b").get(0), LEASE).orElseThrow();
        a.failed(claim, "remote answered 503", clock.instant().plusSeconds(300));
        String version = a.queued("to-b").get(0).item().version();

        replica("b").enqueueIfAbsent("to-b", "team/app", "1.0", WorkItem.Action.COPY);

        ItemClaim queued = a.queued("to-b").get(0);
        assertThat(queued.item().version()).isEqualTo(version);
        assertThat(queued.item().isDue(clock.instant())).isTrue();
        assertThat(queued.item().lastError()).isEqualTo("remote answered 503");
    }

    @Test
    void replicasClaimingAtOnceNeverBothHoldAnItem() throws Exception {
        for (int round = 0; round < 8; round++) {
            String tag = "t" + round;
            replica("seed").enqueue("to-b", "team/app", tag, WorkItem.Action.COPY);
            ItemClaim queued = replica("seed").queued("to-b").stream()
                    .filter(q -> q.item().reference().equals(tag)).findFirst().orElseThrow();
            List<Callable<Optional<ItemClaim>>> attempts = new ArrayList<>();
            for (int r = 0; r < 6; r++) {
                ReplicationQueue queue = replica("r" + r);
                attempts.add(() -> queue.claim(queued, LEASE));
            }
            long winners = AtOnce.run(attempts).stream().filter(Optional::isPresent).count();
            assertThat(winners).as("holders of %s", tag).isLessThanOrEqualTo(1);
        }
    }

    @Test
    void activityOfEveryReplicaAddsUp() {
        ReplicationActivity a = new ReplicationActivity(driver, "a");
        ReplicationActivity b = new ReplicationActivity(driver, "b");
        Instant t0 = clock.instant();
        a.update("to-b", activity -> activity.runStarted(t0).copied(100).copied(50));
        b.update("to-b", activity -> activity.runStarted(t0.plusSeconds(5))
                .failed(new RuleActivity.Failure(t0.plusSeconds(6), "team/app:2", "remote answered 500")));

        RuleActivity sum = new ReplicationActivity(driver, "c").of("to-b");

        assertThat(sum.copied()).isEqualTo(2);
        assertThat(sum.bytes()).isEqualTo(150);
        assertThat(sum.failed()).isEqualTo(1);
        assertThat(sum.lastRunStarted()).isEqualTo(t0.plusSeconds(5));
        assertThat(sum.recentFailures()).extracting(RuleActivity.Failure::reason).containsExactly("remote answered 500");
    }
}
