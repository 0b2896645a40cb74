package dev.berth.storage.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.storage.driver.ForwardingDriver;
import dev.berth.storage.driver.StorageDriver;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the audit trail must do over every driver: records written by one replica are read by any
 * other, newest first a page at a time, filtered by repository, user and time; a query lists only
 * the time partitions it covers; expiry removes whole old days. Each driver's test says how to
 * make an empty store.
 */
public abstract class AuditTrailContract {
    private static final Instant T0 = Instant.parse("2026-12-07T10:15:30Z");

    private StorageDriver driver;
    private final List<String> listed = new CopyOnWriteArrayList<>();

    /** A driver over an empty store, private to the current test. */
    protected abstract StorageDriver createDriver();

    @BeforeEach
    void createStore() {
        StorageDriver real = createDriver();
        driver = new ForwardingDriver(real) {
            @Override
            public List<String> list(String folder) {
                listed.add(folder);
                return super.list(folder);
            }
        };
    }

    private static AuditRecord record(Instant time, AuditAction action, String user, String repository, String tag) {
        return AuditRecord.of(time, action, user, "127.0.0.1", repository, tag,
                "sha256:" + "a".repeat(64), null);
    }

    private static void write(AuditWriter writer, AuditRecord... records) {
        writer.add(List.of(records));
        writer.flush();
    }

    private static AuditQuery newest(int limit, AuditCursor after) {
        return new AuditQuery(null, null, null, null, limit, after);
    }

    @Test
    void recordsOfOneReplicaAreReadNewestFirstFromAnother() {
        AuditRecord push = record(T0, AuditAction.PUSH, "alice", "team/app", "1");
        AuditRecord move = record(T0.plusSeconds(1), AuditAction.TAG_MOVE, "alice", "team/app", "1");
        AuditRecord refused = record(T0.plusSeconds(2), AuditAction.REFUSED, "bob", "team/app", "1");
        write(new AuditWriter(driver), push, move, refused);

        AuditPage page = new AuditReader(driver).page(newest(10, null));

        assertThat(page.records()).containsExactly(refused, move, push);
        assertThat(page.next()).isEmpty();
    }

    @Test
    void pagesFollowTheCursorAcrossMinutesHoursDaysAndReplicas() {
        AuditWriter first = new AuditWriter(driver);
        AuditWriter second = new AuditWriter(driver);
        List<AuditRecord> all = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            // Spread over two days; both replicas write in the same minutes, some in the same millisecond.
            Instant time = T0.minus(Duration.ofMinutes(73L * i)).plusMillis(i % 3 == 0 ? 0 : i);
            AuditRecord record = record(time, AuditAction.PUSH, "u" + i, "team/app", "t" + i);
            all.add(record);
            (i % 2 == 0 ? first : second).add(List.of(record));
            AuditRecord twin = record(time, AuditAction.DELETE, "u" + i, "team/app", "t" + i);
            all.add(twin);
            (i % 2 == 0 ? second : first).add(List.of(twin));
        }
        first.flush();
        second.flush();
        all.sort(AuditRecord.NEWEST_FIRST);

        List<AuditRecord> read = new ArrayList<>();
        AuditCursor cursor = null;
        int pages = 0;
        do {
            AuditPage page = new AuditReader(driver).page(newest(7, cursor));
            read.addAll(page.records());
            cursor = page.next().orElse(null);
            pages++;
        } while (cursor != null && pages < 100);

        assertThat(read).containsExactlyElementsOf(all);
    }

    @Test
    void filtersByRepositoryUserAndTimeWindow() {
        AuditRecord aliceApp = record(T0, AuditAction.PUSH, "alice", "team/app", "1");
        AuditRecord bobApp = record(T0.plusSeconds(10), AuditAction.DELETE, "bob", "team/app", "1");
        AuditRecord aliceWeb = record(T0.plusSeconds(20), AuditAction.PUSH, "alice", "team/web", "2");
        AuditRecord earlier = record(T0.minus(Duration.ofHours(5)), AuditAction.PUSH, "alice", "team/app", "0");
        write(new AuditWriter(driver), aliceApp, bobApp, aliceWeb, earlier);
        AuditReader reader = new AuditReader(driver);

        assertThat(reader.page(new AuditQuery(null, null, "team/app", null, 10, null)).records())
                .containsExactly(bobApp, aliceApp, earlier);
        assertThat(reader.page(new AuditQuery(null, null, null, "alice", 10, null)).records())
                .containsExactly(aliceWeb, aliceApp, earlier);
        assertThat(reader.page(new AuditQuery(T0.minus(Duration.ofHours(1)), T0.plusSeconds(20), "team/app", "alice",
                10, null)).records()).containsExactly(aliceApp);
    }

    @Test
    void aNewestPageListsOnlyTheNewestPartitionsNotTheWholeTrail() {
        AuditWriter writer = new AuditWriter(driver);
        for (int day = 0; day < 20; day++) {
            for (int hour = 0; hour < 3; hour++) {
                writer.add(List.of(record(T0.minus(Duration.ofDays(day)).minus(Duration.ofHours(hour)),
                        AuditAction.PUSH, "alice", "team/app", "d" + day + "h" + hour)));
            }
            writer.flush();
        }
        writer.add(List.of(record(T0.plusSeconds(1), AuditAction.PUSH, "alice", "team/app", "x"),
                record(T0.plusSeconds(2), AuditAction.PUSH, "alice", "team/app", "y")));
        writer.flush();
        listed.clear();

        AuditPage page = new AuditReader(driver).page(newest(2, null));

        assertThat(page.records()).extracting(AuditRecord::reference).containsExactly("y", "x");
        // The root (days), the newest day (hours), the newest hour (its minutes' objects): nothing older.
        assertThat(listed).containsExactly("audit", "audit/2026-12-07", "audit/2026-12-07/10");

        listed.clear();
        AuditPage window = new AuditReader(driver).page(new AuditQuery(T0.minus(Duration.ofDays(10)).minusSeconds(1),
                T0.minus(Duration.ofDays(10)).plusSeconds(1), null, null, 10, null));
        assertThat(window.records()).extracting(AuditRecord::reference).containsExactly("d10h0");
        assertThat(listed).containsExactly("audit", "audit/2026-11-27", "audit/2026-11-27/10");
    }

    @Test
    void aFilterThatMatchesLittleStopsAtItsScanBudgetAndGoesOnFromTheCursor() {
        AuditWriter writer = new AuditWriter(driver);
        for (int i = 0; i < 30; i++) {
            writer.add(List.of(record(T0.minus(Duration.ofMinutes(i)), AuditAction.PUSH, "alice", "team/app", "" + i)));
        }
        AuditRecord rare = record(T0.minus(Duration.ofMinutes(25)).plusSeconds(5), AuditAction.DELETE, "carol",
                "team/app", "rare");
        writer.add(List.of(rare));
        writer.flush();
        AuditReader reader = new AuditReader(driver, 10);
        AuditQuery carol = new AuditQuery(null, null, null, "carol", 5, null);

        AuditPage first = reader.page(carol);
        assertThat(first.records()).isEmpty();
        assertThat(first.next()).isPresent();

        List<AuditRecord> found = new ArrayList<>();
        AuditCursor cursor = first.next().get();
        for (int pages = 0; cursor != null && pages < 10; pages++) {
            AuditPage page = reader.page(new AuditQuery(null, null, null, "carol", 5, cursor));
            found.addAll(page.records());
            cursor = page.next().orElse(null);
        }
        assertThat(found).containsExactly(rare);
        assertThat(cursor).isNull();
    }

    @Test
    void eachFlushRewritesTheMinuteWithEverythingSoFarAndALateRecordNeverOverwritesOne() {
        AuditWriter writer = new AuditWriter(driver);
        AuditRecord a = record(T0, AuditAction.PUSH, "alice", "team/app", "a");
        AuditRecord b = record(T0.plusSeconds(1), AuditAction.PUSH, "alice", "team/app", "b");
        write(writer, a);
        write(writer, b);
        assertThat(new AuditReader(driver).page(newest(10, null)).records()).containsExactly(b, a);
        assertThat(driver.list("audit/2026-12-07/10")).hasSize(1);

        // Three minutes later the writer forgets T0's minute; a record of it arriving late goes to a new object.
        AuditRecord c = record(T0.plus(Duration.ofMinutes(3)), AuditAction.PUSH, "alice", "team/app", "c");
        write(writer, c);
        AuditRecord late = record(T0.plusSeconds(2), AuditAction.PUSH, "alice", "team/app", "late");
        write(writer, late);

        assertThat(new AuditReader(driver).page(newest(10, null)).records()).containsExactly(c, late, b, a);
        assertThat(writer.unwritten()).isZero();
    }

    @Test
    void expiryRemovesWholeDaysThatEndedBeforeTheCutoffAndNothingNewer() {
        AuditRecord old = record(Instant.parse("2026-09-01T23:59:59Z"), AuditAction.PUSH, "alice", "team/app", "old");
        AuditRecord boundary = record(Instant.parse("2026-09-02T00:00:00Z"), AuditAction.PUSH, "alice", "team/app", "b");
        AuditRecord recent = record(T0, AuditAction.PUSH, "alice", "team/app", "recent");
        write(new AuditWriter(driver), old, boundary, recent);

        int removed = new AuditExpiry(driver).removeDaysBefore(Instant.parse("2026-09-02T12:00:00Z"));

        assertThat(removed).isEqualTo(1);
        assertThat(new AuditReader(driver).page(newest(10, null)).records()).containsExactly(recent, boundary);
        assertThat(driver.list("audit")).containsExactlyInAnyOrder("2026-09-02", "2026-12-07");
    }

    @Test
    void noRecordsIsAnEmptyPage() {
        assertThat(new AuditReader(driver).page(newest(10, null)).records()).isEmpty();
        assertThat(new AuditExpiry(driver).removeDaysBefore(T0)).isZero();
    }
}
