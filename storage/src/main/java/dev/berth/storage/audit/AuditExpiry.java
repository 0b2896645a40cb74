package dev.berth.storage.audit;

import dev.berth.storage.driver.StorageDriver;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Removes audit records older than the retention, a whole day partition at a time: one listing of
 * the day folders, then per expired day a listing of its hours and of each hour's objects, each
 * object removed by name (on S3 one request each, not the head-then-delete of a generic folder
 * delete), never reading a record. A day goes once its last moment is older than the cutoff, so
 * records live between the retention and a day longer; queries hide those past the retention.
 */
public final class AuditExpiry {
    private final StorageDriver driver;

    public AuditExpiry(StorageDriver driver) {
        this.driver = driver;
    }

    /** Removes the days that ended at or before {@code cutoff}; answers how many. */
    public int removeDaysBefore(Instant cutoff) {
        int removed = 0;
        for (String name : driver.list(AuditLayout.ROOT)) {
            Optional<Instant> start = AuditLayout.dayStart(name);
            if (start.isPresent() && !start.get().plus(Duration.ofDays(1)).isAfter(cutoff)) {
                removeDay(AuditLayout.dayFolder(name));
                removed++;
            }
        }
        return removed;
    }

    private void removeDay(String day) {
        for (String hour : driver.list(day)) {
            String folder = day + "/" + hour;
            for (String object : driver.list(folder)) {
                driver.deleteFile(folder + "/" + object);
            }
        }
        driver.delete(day); // what is left: empty folders on a filesystem, anything not of ours
    }
}
