package dev.berth.storage.quota;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.storage.MovableClock;
import dev.berth.storage.driver.StorageDriver;
import dev.berth.storage.driver.filesystem.FilesystemDriver;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The usage total: changes as small objects, folded into markers without losing or doubling any. */
class UsageLedgerTest {
    private static final String FOLDER = "quotas/test/usage";

    @TempDir
    Path root;
    private final MovableClock clock = new MovableClock();
    private StorageDriver driver;
    private UsageLedger ledger;

    @BeforeEach
    void open() {
        driver = new FilesystemDriver(root);
        ledger = new UsageLedger(driver, FOLDER, clock);
    }

    @Test
    void aNewLedgerIsUncountedAndAResetCountsIt() {
        assertThat(ledger.isCounted()).isFalse();
        ledger.reset(500, clock.millis());
        assertThat(ledger.isCounted()).isTrue();
        assertThat(ledger.total()).isEqualTo(500);
    }

    @Test
    void compactionKeepsTheTotalAndPrunesWhatItFolded() {
        ledger.reset(0, clock.millis());
        for (int i = 1; i <= 100; i++) {
            clock.advance(Duration.ofMillis(10));
            ledger.record(i % 3 == 0 ? -i : i);
        }
        long total = ledger.total();

        clock.advance(UsageLedger.MARGIN.plusMillis(1));
        ledger.compact();
        assertThat(ledger.total()).isEqualTo(total);
        assertThat(ledger.pending()).isZero();

        ledger.record(7);
        clock.advance(UsageLedger.MARGIN.plus(UsageLedger.GRACE).plusMillis(1));
        ledger.compact();

        assertThat(ledger.total()).isEqualTo(total + 7);
        // What the settled marker folded is gone: it, the change after it and the newest marker stay.
        assertThat(driver.list(FOLDER)).hasSize(3);
    }

    @Test
    void changesWithinTheMarginStayPendingUntilTheyAreOldEnough() {
        ledger.reset(10, clock.millis());
        clock.advance(Duration.ofMillis(5));
        ledger.record(5);

        ledger.compact();

        assertThat(ledger.pending()).isEqualTo(1);
        assertThat(ledger.total()).isEqualTo(15);
    }

    @Test
    void aLaterResetReplacesTheTotalButKeepsChangesLoggedAfterIt() {
        ledger.reset(0, clock.millis());
        clock.advance(Duration.ofMillis(5));
        ledger.record(999);
        clock.advance(Duration.ofMillis(5));
        long countedAt = clock.millis();
        clock.advance(Duration.ofMillis(5));
        ledger.record(20);

        ledger.reset(300, countedAt);

        assertThat(ledger.total()).isEqualTo(320);
    }
}
