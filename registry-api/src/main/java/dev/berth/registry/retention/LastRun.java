package dev.berth.registry.retention;

import dev.berth.storage.driver.StorageDriver;
import dev.berth.storage.retention.Protected;
import dev.berth.storage.retention.Removal;
import dev.berth.storage.retention.RetentionReport;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.json.JsonMapper;

/**
 * The last run's result, in the store so every replica's UI shows the same. Holds the counts and
 * the first {@value #LISTED} removals: a run over a large store removes more than a page shows.
 */
public final class LastRun {
    static final int LISTED = 200;
    private static final String PATH = "retention/last-run.json";

    /** What the UI shows of a run. */
    public record Summary(boolean dryRun, String startedAt, String finishedAt, int repositories, long tagsRemoved,
                   long manifestsRemoved, List<Removal> removals, boolean more, List<Protected> protectedTags,
                   String summary) {
    }

    private final StorageDriver driver;
    private final JsonMapper json = JsonMapper.builder().build();

    LastRun(StorageDriver driver) {
        this.driver = driver;
    }

    void save(RetentionReport report) {
        List<Removal> removals = report.removals();
        List<Protected> kept = report.protectedTags();
        Summary summary = new Summary(report.dryRun(), report.startedAt().toString(), report.finishedAt().toString(),
                report.repositories(), report.tagsRemoved(), report.manifestsRemoved(),
                removals.subList(0, Math.min(LISTED, removals.size())), removals.size() > LISTED,
                kept.subList(0, Math.min(LISTED, kept.size())), report.summary());
        driver.write(PATH, json.writeValueAsBytes(summary));
    }

    Optional<Summary> read() {
        return driver.read(PATH).map(bytes -> json.readValue(bytes, Summary.class));
    }
}
