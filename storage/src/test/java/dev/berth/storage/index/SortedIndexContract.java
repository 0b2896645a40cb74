package dev.berth.storage.index;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.storage.MovableClock;
import dev.berth.storage.Page;
import dev.berth.storage.driver.StorageDriver;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a sorted index must do over every driver: exact lists in lexical order a page at a time,
 * the same from every replica at once, through compactions, and with no folder that grows with the
 * number of names. Each driver's test says how to make an empty store.
 */
public abstract class SortedIndexContract {
    private static final String FOLDER = "idx";

    private StorageDriver driver;
    private final Set<String> truth = ConcurrentHashMap.newKeySet();
    private final MovableClock clock = new MovableClock();

    /** A driver over an empty store, private to the current test. */
    protected abstract StorageDriver createDriver();

    @BeforeEach
    void createStore() {
        driver = createDriver();
    }

    /** A replica: its own cache and worker over the same store. */
    private SortedIndex replica() {
        return new SortedIndex(driver, FOLDER, new IndexTruth() {
            @Override
            public boolean contains(String name) {
                return truth.contains(name);
            }

            @Override
            public Iterable<String> all() {
                return List.copyOf(truth);
            }
        }, clock, new IndexCache(IndexCache.DEFAULT_MAX_NAMES), new IndexUpkeep(false));
    }

    private void add(SortedIndex index, String... names) {
        for (String name : names) {
            truth.add(name);
            index.added(name);
        }
    }

    private void remove(SortedIndex index, String name) {
        truth.remove(name);
        index.removed(name);
    }

    private static List<String> everything(SortedIndex index) {
        List<String> names = new ArrayList<>();
        index.all().forEach(names::add);
        return names;
    }

    @Test
    void pagesComeInLexicalOrderWithTheSpecsTrickyNames() {
        SortedIndex index = replica();
        add(index, "b", "a-b", "a", "A", "0", "a.b", "a_b", "team/app", "team-x", "team");

        Page<String> first = index.page(null, 4);
        Page<String> second = index.page(first.items().get(3), 4);
        Page<String> third = index.page(second.items().get(3), 4);

        assertThat(first.items()).containsExactly("0", "A", "a", "a-b");
        assertThat(first.hasMore()).isTrue();
        assertThat(second.items()).containsExactly("a.b", "a_b", "b", "team");
        assertThat(third.items()).containsExactly("team-x", "team/app");
        assertThat(third.hasMore()).isFalse();
        assertThat(everything(index)).isEqualTo(new ArrayList<>(new TreeSet<>(truth)));
    }

    @Test
    void removedNamesLeaveAndComeBackWhenAddedAgain() {
        SortedIndex index = replica();
        add(index, "v1", "v2", "v3");
        remove(index, "v2");
        assertThat(everything(index)).containsExactly("v1", "v3");

        add(index, "v2");
        assertThat(everything(index)).containsExactly("v1", "v2", "v3");
        assertThat(index.count()).isEqualTo(3);
    }

    @Test
    void theTruthDecidesWhenTheLogAndTheLinksDisagree() {
        SortedIndex index = replica();
        index.added("ghost");          // logged, but the link was never written (a crash between)
        truth.add("unlogged");         // written, but the log entry was lost
        index.removed("unlogged");     // ... and a later change of it was logged

        assertThat(everything(index)).containsExactly("unlogged");
    }

    @Test
    void aChangeThroughOneReplicaShowsInAnotherReplicasListAtOnce() {
        SortedIndex writer = replica();
        SortedIndex reader = replica();
        add(writer, IntStream.range(0, 300).mapToObj(i -> String.format("build-%04d", i)).toArray(String[]::new));
        clock.advance(Duration.ofSeconds(10));
        reader.compact();
        assertThat(reader.page(null, 5).items()).startsWith("build-0000");

        remove(writer, "build-0000");
        add(writer, "alpha");
        assertThat(reader.page(null, 2).items()).containsExactly("alpha", "build-0001");
        assertThat(reader.count()).isEqualTo(300);

        writer.compact(); // nothing old enough to fold yet: the list stays the same
        clock.advance(Duration.ofSeconds(10));
        writer.compact();
        assertThat(reader.page(null, 2).items()).containsExactly("alpha", "build-0001");
        assertThat(reader.page("build-0298", 5).items()).containsExactly("build-0299");
    }

    @Test
    void compactionsKeepTheListExactAndNoFolderGrowsWithTheNames() {
        SortedIndex index = replica();
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 700; i++) {
                add(index, String.format("r%d-%04d", round, i));
            }
            remove(index, String.format("r%d-%04d", round, 7));
            clock.advance(Duration.ofSeconds(40));
            index.compact();
        }

        assertThat(everything(index)).isEqualTo(new ArrayList<>(new TreeSet<>(truth)));
        assertThat(index.count()).isEqualTo(truth.size());
        // The log holds the changes of the last two compactions at most; no chunk over 1,000 names.
        assertThat(driver.list(FOLDER + "/log").size()).isLessThanOrEqualTo(2 * 701 + 3);
        for (String snapshot : driver.list(FOLDER + "/snapshots")) {
            assertThat(driver.list(FOLDER + "/snapshots/" + snapshot).size()).isLessThanOrEqualTo(4);
            assertThat(driver.read(FOLDER + "/snapshots/" + snapshot + "/000000")).hasValueSatisfying(
                    chunk -> assertThat(new String(chunk).split("\n")).hasSizeLessThanOrEqualTo(1000));
        }
        // Superseded snapshots are gone but for chunks the newest still shares: 2,100 names, 3 chunks.
        assertThat(driver.list(FOLDER + "/snapshots")).hasSizeLessThanOrEqualTo(4);
    }

    @Test
    void aCompactionWritesOnlyTheChunksItsChangesFallIn() {
        SortedIndex index = replica();
        add(index, IntStream.range(0, 3000).mapToObj(i -> String.format("build-%05d", i)).toArray(String[]::new));
        clock.advance(Duration.ofSeconds(10));
        index.compact();
        add(index, "build-03000", "build-03001");   // CI tags: new ones land at the end
        remove(index, "build-01500");
        clock.advance(Duration.ofSeconds(10));
        index.compact();

        List<String> snapshots = new ArrayList<>(new TreeSet<>(driver.list(FOLDER + "/snapshots")));
        String newest = snapshots.get(snapshots.size() - 1);
        // head, the chunk that held build-01500, and the last chunk (1,002 names: two); the first is shared
        assertThat(driver.list(FOLDER + "/snapshots/" + newest)).hasSize(4);
        assertThat(everything(index)).isEqualTo(new ArrayList<>(new TreeSet<>(truth)));
        assertThat(index.count()).isEqualTo(3001);
    }

    @Test
    void changesACompactionFoldedAreRemovedLaterEvenWithNothingNewToFold() {
        SortedIndex index = replica();
        add(index, IntStream.range(0, 300).mapToObj(i -> "t" + i).toArray(String[]::new));
        clock.advance(Duration.ofSeconds(10));
        index.compact();
        assertThat(driver.list(FOLDER + "/log").size()).isGreaterThan(300);

        clock.advance(Duration.ofSeconds(30));
        index.compactIfWorthIt(); // what a reader has done in the background when the log is long

        assertThat(driver.list(FOLDER + "/log")).hasSize(1);
        assertThat(index.count()).isEqualTo(300);
    }

    @Test
    void aSmallIndexIsFoldedOnceEnoughOfItsChangesArePastTheMargin() {
        SortedIndex index = replica();
        add(index, IntStream.range(0, SortedIndex.FOLD_AFTER - 1).mapToObj(i -> "s" + i).toArray(String[]::new));
        clock.advance(Duration.ofSeconds(10));
        index.compactIfWorthIt();
        assertThat(driver.list(FOLDER + "/log")).noneMatch(key -> key.contains("!")); // too few to fold

        add(index, "s-last");
        index.compactIfWorthIt(); // the newest change is within the margin: still too few past it
        assertThat(driver.list(FOLDER + "/log")).noneMatch(key -> key.contains("!"));

        clock.advance(Duration.ofSeconds(10));
        index.compactIfWorthIt();

        assertThat(driver.list(FOLDER + "/log")).anyMatch(key -> key.contains("!"));
        assertThat(index.count()).isEqualTo(SortedIndex.FOLD_AFTER);
        assertThat(index.page(null, 100).items()).hasSize(SortedIndex.FOLD_AFTER).contains("s-last");
    }

    @Test
    void twoReplicasCompactingAtOnceLoseNothing() {
        SortedIndex one = replica();
        SortedIndex two = replica();
        add(one, IntStream.range(0, 200).mapToObj(i -> "a" + i).toArray(String[]::new));
        clock.advance(Duration.ofSeconds(10));
        one.compact();
        add(two, IntStream.range(0, 200).mapToObj(i -> "b" + i).toArray(String[]::new));
        clock.advance(Duration.ofSeconds(10));
        add(one, "c-late");
        two.compact();
        one.compact();
        clock.advance(Duration.ofMinutes(3));
        one.compact();
        two.compact();

        List<String> expected = new ArrayList<>(new TreeSet<>(truth));
        assertThat(everything(one)).isEqualTo(expected);
        assertThat(everything(two)).isEqualTo(expected);
    }

    @Test
    void aStoreFromBeforeIndexesIsListedFromItsLinks() {
        truth.addAll(List.of("legacy-2", "legacy-1"));
        SortedIndex index = replica();

        assertThat(everything(index)).containsExactly("legacy-1", "legacy-2");
        add(index, "new");
        assertThat(everything(index)).containsExactly("legacy-1", "legacy-2", "new");
    }

    @Test
    void aNameTooLongForAKeyIsStillListed() {
        SortedIndex index = replica();
        String longName = "team/" + "x".repeat(240);
        add(index, longName, "short");

        assertThat(everything(index)).containsExactly("short", longName);
        clock.advance(Duration.ofSeconds(10));
        index.compact();
        assertThat(everything(index)).containsExactly("short", longName);
    }

    @Test
    void lastAddedIsTheTimeOfTheNewestAddition() {
        SortedIndex index = replica();
        add(index, "one");
        Instant pushed = clock.instant();
        clock.advance(Duration.ofSeconds(30));
        index.compact();
        clock.advance(Duration.ofSeconds(30));
        remove(index, "one");

        assertThat(index.lastAdded()).hasValueSatisfying(
                time -> assertThat(time.toEpochMilli()).isEqualTo(pushed.toEpochMilli()));
    }
}
