package dev.berth.storage.quota;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.storage.MovableClock;
import dev.berth.storage.driver.StorageDriver;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The usage total on every driver: changes as small objects, folded into markers without losing or doubling any. */
public abstract class UsageLedgerContract {
    private static final String FOLDER = "quotas/test/usage";

    private final MovableClock clock = new MovableClock();
    private StorageDriver driver;
    private UsageLedger ledger;

    protected abstract StorageDriver createDriver();

    @BeforeEach
    void open() {
        driver = createDriver();
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
