package dev.berth.registry.startup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.testsupport.BerthProcess;
import dev.berth.registry.testsupport.FreePort;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A quota with a limit that is not a size, or no pattern, ends start-up with the two readable lines. */
class QuotaSettingsTest {
    @TempDir
    Path folder;

    private BerthProcess.Result start(String... settings) throws Exception {
        String[] args = new String[settings.length + 2];
        args[0] = "--registry.storage.filesystem.root=" + folder.resolve("data");
        args[1] = "--server.port=" + FreePort.pick();
        System.arraycopy(settings, 0, args, 2, settings.length);
        return BerthProcess.run(folder, args);
    }

    private static void assertReadableFailure(BerthProcess.Result result, String problem, String fix) {
        assertThat(result.exitCode()).as(result.output()).isEqualTo(1);
        assertThat(result.output()).contains("Berth cannot start: " + problem).contains("Fix: " + fix)
                .doesNotContain("\tat ").doesNotContain("Exception").doesNotContain("APPLICATION FAILED TO START");
    }

    @Test
    void aLimitThatIsNotASizeShowsHowToWriteOne() throws Exception {
        assertReadableFailure(start("--registry.quotas[0].repositories=team/**", "--registry.quotas[0].limit=lots"),
                "registry.quotas[0].limit=lots: not a size", "give a size with a unit, e.g. 500MB");
    }

    @Test
    void anEmptyPatternAsksForAGlob() throws Exception {
        assertReadableFailure(start("--registry.quotas[0].repositories=team/**", "--registry.quotas[0].limit=1GB",
                        "--registry.quotas[1].repositories=", "--registry.quotas[1].limit=1GB"),
                "registry.quotas[1].repositories=: empty pattern", "give a glob of repository names");
    }

    @Test
    void aQuotaWithoutALimitAsksForOne() throws Exception {
        assertReadableFailure(start("--registry.quotas[0].repositories=team/**"),
                "registry.quotas[0].limit=: missing limit", "give a size with a unit");
    }
}
