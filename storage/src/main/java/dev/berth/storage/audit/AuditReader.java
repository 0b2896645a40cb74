package dev.berth.storage.audit;

import dev.berth.storage.driver.StorageDriver;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Pages of audit records, newest first, read from the time partitions a query covers and no
 * others: day folders are listed once, then the hours of the days in the window, newest first,
 * then one minute's objects at a time, stopping as soon as the page is full at a minute's end.
 * A filter that matches little cannot make a query read 90 days: after {@link #SCAN_BUDGET}
 * records it returns what it found with a cursor where it stopped, and the client asks again.
 */
public final class AuditReader {
    /** Records one query reads at most before it hands back a cursor. */
    static final int SCAN_BUDGET = 20_000;
    private static final Logger log = LoggerFactory.getLogger(AuditReader.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration DAY = Duration.ofDays(1);
    private static final Duration HOUR = Duration.ofHours(1);
    private static final Duration MINUTE = Duration.ofMinutes(1);

    private final StorageDriver driver;
    private final int scanBudget;

    public AuditReader(StorageDriver driver) {
        this(driver, SCAN_BUDGET);
    }

    AuditReader(StorageDriver driver, int scanBudget) {
        this.driver = driver;
        this.scanBudget = scanBudget;
    }

    public AuditPage page(AuditQuery query) {
        Instant since = query.since();
        Instant upper = query.upperBound();
        List<AuditRecord> found = new ArrayList<>();
        int scanned = 0;
        TreeMap<Instant, String> days = new TreeMap<>(Comparator.reverseOrder());
        for (String name : driver.list(AuditLayout.ROOT)) {
            AuditLayout.dayStart(name).filter(start -> overlaps(start, DAY, since, upper))
                    .ifPresent(start -> days.put(start, name));
        }
        for (Map.Entry<Instant, String> day : days.entrySet()) {
            TreeMap<Integer, String> hours = new TreeMap<>(Comparator.reverseOrder());
            for (String name : driver.list(AuditLayout.dayFolder(day.getValue()))) {
                int hour = AuditLayout.hour(name);
                if (hour >= 0 && overlaps(day.getKey().plus(HOUR.multipliedBy(hour)), HOUR, since, upper)) {
                    hours.put(hour, name);
                }
            }
            for (Map.Entry<Integer, String> hour : hours.entrySet()) {
                Instant hourStart = day.getKey().plus(HOUR.multipliedBy(hour.getKey()));
                String folder = AuditLayout.dayFolder(day.getValue()) + "/" + hour.getValue();
                TreeMap<Integer, List<String>> minutes = new TreeMap<>(Comparator.reverseOrder());
                for (String name : driver.list(folder)) {
                    int minute = AuditLayout.minute(name);
                    if (minute >= 0 && overlaps(hourStart.plus(MINUTE.multipliedBy(minute)), MINUTE, since, upper)) {
                        minutes.computeIfAbsent(minute, m -> new ArrayList<>()).add(name);
                    }
                }
                for (Map.Entry<Integer, List<String>> minute : minutes.entrySet()) {
                    List<AuditRecord> matching = new ArrayList<>();
                    for (String name : minute.getValue()) {
                        for (AuditRecord record : read(folder + "/" + name)) {
                            scanned++;
                            if (query.matches(record)) {
                                matching.add(record);
                            }
                        }
                    }
                    matching.sort(AuditRecord.NEWEST_FIRST);
                    found.addAll(matching);
                    if (found.size() >= query.limit()) {
                        List<AuditRecord> page = List.copyOf(found.subList(0, query.limit()));
                        return new AuditPage(page, Optional.of(page.get(page.size() - 1).position()));
                    }
                    if (scanned >= scanBudget) {
                        // Everything of this minute and newer is done: go on below its start.
                        long minuteStart = hourStart.plus(MINUTE.multipliedBy(minute.getKey())).toEpochMilli();
                        return new AuditPage(List.copyOf(found), Optional.of(new AuditCursor(minuteStart, "")));
                    }
                }
            }
        }
        return new AuditPage(List.copyOf(found), Optional.empty());
    }

    /** Whether {@code [start, start + length)} meets {@code [since, upper)}. */
    private static boolean overlaps(Instant start, Duration length, Instant since, Instant upper) {
        return start.plus(length).isAfter(since) && (upper == null || start.isBefore(upper));
    }

    /** One object's records; a line that does not parse (a future field layout, damage) is skipped. */
    private List<AuditRecord> read(String path) {
        Optional<byte[]> content = driver.read(path);
        if (content.isEmpty()) {
            return List.of(); // expired between listing and reading
        }
        List<AuditRecord> records = new ArrayList<>();
        for (String line : new String(content.get(), StandardCharsets.UTF_8).split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            try {
                records.add(JSON.readValue(line, AuditRecord.class));
            } catch (JacksonException | IllegalArgumentException | NullPointerException e) {
                log.warn("skipping an unreadable audit record in {}", path);
            }
        }
        return records;
    }
}
