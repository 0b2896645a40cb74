package dev.berth.storage.retention;

import dev.berth.storage.lifecycle.Glob;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.Reference;
import dev.berth.oci.RepositoryName;
import dev.berth.oci.Tag;
import dev.berth.storage.MovableClock;
import dev.berth.storage.RegistryStorage;
import dev.berth.storage.driver.StorageDriver;
import dev.berth.storage.gc.TestImages;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Retention rules against every driver. Push times are the store's own (a tag link's modification
 * time), so "later" is a clock handed to the run, never a sleep.
 */
public abstract class RetentionContract {
    static final RepositoryName APP = RepositoryName.of("team-a/app");
    static final RepositoryName OTHER = RepositoryName.of("team-b/app");
    static final Duration WEEK = Duration.ofDays(7);

    private StorageDriver driver;
    private RegistryStorage storage;
    private TestImages images;

    protected abstract StorageDriver createDriver();

    @BeforeEach
    void createStore() {
        driver = createDriver();
        storage = new RegistryStorage(driver, Clock.systemUTC(), Duration.ZERO);
        images = new TestImages(storage);
    }

    @Test
    void keepLastKeepsTheNewestTagsAndOnlyInTheMatchingRepositories() {
        for (String tag : List.of("b1", "b2", "b3", "b4", "b5")) {
            images.push(APP, tag, "layer " + tag);
        }
        images.push(OTHER, "b1", "other");

        RetentionReport report = run(rule("team-a/**").keepLast(2), false, daysLater(0));

        assertThat(storage.tags().list(APP)).containsExactly("b4", "b5");
        assertThat(storage.tags().list(OTHER)).containsExactly("b1");
        assertThat(report.repositories()).isEqualTo(1);
        assertThat(report.removals()).extracting(Removal::tag).containsExactlyInAnyOrder("b1", "b2", "b3");
    }

    @Test
    void keepLastGoesByPushTimeEvenForTagsPushedWithinOneSecond() {
        // S3 keeps modification times to the second; these three land within one, in anti-lexical order.
        for (String tag : List.of("z", "m", "a")) {
            images.push(APP, tag, "layer " + tag);
        }

        run(rule("team-a/app").keepLast(1), false, daysLater(0));

        assertThat(storage.tags().list(APP)).containsExactly("a");
    }

    @Test
    void keepTagsAreNeverRemovedNorCountedTowardsKeepLast() {
        for (String tag : List.of("b1", "b2", "release-1", "b3")) {
            images.push(APP, tag, "layer " + tag);
        }

        run(rule("team-a/app").keepLast(1).keepTags("release-.*"), false, daysLater(0));

        assertThat(storage.tags().list(APP)).containsExactly("b3", "release-1");
    }

    @Test
    void olderThanRemovesOnlyTagsPushedBeforeThatAge() {
        images.push(APP, "old", "old");
        images.push(APP, "latest", "latest");
        RetentionRule rule = rule("team-a/**").olderThan(WEEK).keepTags("latest").build();

        assertThat(run(rule, false, daysLater(6)).removals()).isEmpty();
        assertThat(storage.tags().list(APP)).containsExactly("latest", "old");

        RetentionReport report = run(rule, false, daysLater(8));
        assertThat(report.removals()).extracting(Removal::tag).containsExactly("old");
        assertThat(storage.tags().list(APP)).containsExactly("latest");
    }

    @Test
    void notPulledForRemovesTagsNobodyPulledAndSparesOnesPulledRecently() {
        images.push(APP, "pulled", "a");
        images.push(APP, "forgotten", "b");
        MovableClock registryClock = new MovableClock(Instant.now());
        RegistryStorage pulling = new RegistryStorage(driver, registryClock, Duration.ZERO);
        registryClock.advance(Duration.ofDays(10));
        pulling.tagPulls().touch(APP, new Tag("pulled"));

        RetentionReport report = run(rule("team-a/app").notPulledFor(WEEK), false, daysLater(10));

        assertThat(report.removals()).extracting(Removal::tag).containsExactly("forgotten");
        assertThat(storage.tags().list(APP)).containsExactly("pulled");
    }

    @Test
    void aPullIsWrittenAtMostOncePerIntervalPerTag() {
        images.push(APP, "hot", "a");
        MovableClock clock = new MovableClock(Instant.parse("2030-01-01T00:00:00Z"));
        RegistryStorage pulling = new RegistryStorage(driver, clock, Duration.ZERO);

        pulling.tagPulls().touch(APP, new Tag("hot"));
        clock.advance(Duration.ofMinutes(5));
        pulling.tagPulls().touch(APP, new Tag("hot"));
        assertThat(pulling.tagPulls().lastPulled(APP, new Tag("hot"))).contains(Instant.parse("2030-01-01T00:00:00Z"));

        clock.advance(Duration.ofMinutes(6));
        pulling.tagPulls().touch(APP, new Tag("hot"));
        assertThat(pulling.tagPulls().lastPulled(APP, new Tag("hot"))).contains(Instant.parse("2030-01-01T00:11:00Z"));
    }

    @Test
    void untaggedRemovesManifestsNoTagReachesAndKeepsTaggedOnes() {
        TestImages.Image kept = images.push(APP, "v1", "one");
        TestImages.Image dropped = images.push(APP, "v2", "two");
        storage.manifests().delete(APP, Reference.parse("v2"));

        RetentionReport report = run(rule("team-a/app").untagged(), false, daysLater(1));

        assertThat(report.removals()).extracting(Removal::digest).containsExactly(dropped.manifest().toString());
        assertThat(storage.manifests().contains(APP, dropped.manifest())).isFalse();
        assertThat(storage.manifests().contains(APP, kept.manifest())).isTrue();
        assertThat(storage.tags().list(APP)).containsExactly("v1");
    }

    @Test
    void untaggedWithKeepLastAlsoRemovesTheManifestsOfTheRemovedTags() {
        TestImages.Image first = images.push(APP, "b1", "one");
        TestImages.Image second = images.push(APP, "b2", "two");

        RetentionReport report = run(rule("team-a/app").keepLast(1).untagged(), false, daysLater(1));

        assertThat(report.removals()).extracting(Removal::tag, Removal::digest).containsExactly(
                org.assertj.core.groups.Tuple.tuple("b1", first.manifest().toString()),
                org.assertj.core.groups.Tuple.tuple(null, first.manifest().toString()));
        assertThat(storage.manifests().contains(APP, first.manifest())).isFalse();
        assertThat(storage.manifests().contains(APP, second.manifest())).isTrue();
    }

    @Test
    void dryRunListsExactlyWhatTheRealRunThenRemovesAndRemovesNothing() {
        for (String tag : List.of("b1", "b2", "b3", "release-1")) {
            images.push(APP, tag, "layer " + tag);
        }
        TestImages.Image untagged = images.push(APP, "gone", "gone");
        storage.manifests().delete(APP, Reference.parse("gone"));
        RetentionRule rule = rule("team-a/**").keepLast(1).keepTags("release-.*").untagged().build();

        RetentionReport dry = run(rule, true, daysLater(1));
        assertThat(storage.tags().list(APP)).containsExactly("b1", "b2", "b3", "release-1");
        assertThat(storage.manifests().contains(APP, untagged.manifest())).isTrue();

        RetentionReport real = run(rule, false, daysLater(1));
        assertThat(dry.dryRun()).isTrue();
        assertThat(real.removals()).isNotEmpty().containsExactlyElementsOf(dry.removals());
        assertThat(storage.tags().list(APP)).containsExactly("b3", "release-1");
        assertThat(run(rule, true, daysLater(1)).removals()).isEmpty();
    }

    @Test
    void protectedTagsStayAndAreReported() {
        images.push(APP, "v1", "one");
        images.push(APP, "v2", "two");
        TagProtection immutable = (name, tag) -> tag.startsWith("v1") ? Optional.of("immutable v*") : Optional.empty();

        RetentionReport report = new RetentionRun(storage, immutable, daysLater(30))
                .run(List.of(rule("**").olderThan(WEEK).build()), false, removal -> { });

        assertThat(storage.tags().list(APP)).containsExactly("v1");
        assertThat(report.protectedTags()).containsExactly(new Protected(APP.value(), "v1", "immutable v*"));
    }

    @Test
    void eachRemovalIsReportedToTheListenerOnlyOnARealRun() {
        images.push(APP, "b1", "one");
        images.push(APP, "b2", "two");
        List<Removal> told = new ArrayList<>();
        RetentionRun run = new RetentionRun(storage, TagProtection.NONE, daysLater(0));
        List<RetentionRule> rules = List.of(rule("team-a/app").keepLast(1).build());

        run.run(rules, true, told::add);
        assertThat(told).isEmpty();
        RetentionReport report = run.run(rules, false, told::add);
        assertThat(told).containsExactlyElementsOf(report.removals()).hasSize(1);
    }

    private RetentionReport run(RuleBuilder rule, boolean dryRun, Clock clock) {
        return run(rule.build(), dryRun, clock);
    }

    private RetentionReport run(RetentionRule rule, boolean dryRun, Clock clock) {
        return new RetentionRun(storage, TagProtection.NONE, clock).run(List.of(rule), dryRun, removal -> { });
    }

    private static Clock daysLater(int days) {
        return Clock.offset(Clock.systemUTC(), Duration.ofDays(days));
    }

    static RuleBuilder rule(String glob) {
        return new RuleBuilder(glob);
    }

    static final class RuleBuilder {
        private final String glob;
        private OptionalInt keepLast = OptionalInt.empty();
        private Optional<Pattern> keepTags = Optional.empty();
        private Optional<Duration> olderThan = Optional.empty();
        private Optional<Duration> notPulledFor = Optional.empty();
        private boolean untagged;

        RuleBuilder(String glob) {
            this.glob = glob;
        }

        RuleBuilder keepLast(int n) {
            keepLast = OptionalInt.of(n);
            return this;
        }

        RuleBuilder keepTags(String regex) {
            keepTags = Optional.of(Pattern.compile(regex));
            return this;
        }

        RuleBuilder olderThan(Duration age) {
            olderThan = Optional.of(age);
            return this;
        }

        RuleBuilder notPulledFor(Duration age) {
            notPulledFor = Optional.of(age);
            return this;
        }

        RuleBuilder untagged() {
            untagged = true;
            return this;
        }

        RetentionRule build() {
            return new RetentionRule(Glob.of(glob), keepLast, keepTags, olderThan, notPulledFor, untagged);
        }
    }
}
