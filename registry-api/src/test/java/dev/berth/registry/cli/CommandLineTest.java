package dev.berth.registry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.testsupport.BerthProcess;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code java -jar berth.jar --help}, {@code help}, {@code --version} and a mistyped command. */
class CommandLineTest {
    @TempDir
    Path folder;

    @Test
    void helpListsTheCommandsAndMainSettingsAndExitsZero() throws Exception {
        for (String word : new String[] {"--help", "help"}) {
            BerthProcess.Result help = BerthProcess.run(folder, word);
            assertThat(help.exitCode()).as(help.output()).isZero();
            assertThat(help.output()).contains("serve", "gc [--dry-run]", "check [--repair]", "token create",
                    "--server.address=127.0.0.1", "--registry.auth.mode=none", "--registry.storage.driver=filesystem")
                    .doesNotContain("Tomcat started");
        }
    }

    @Test
    void versionPrintsTheProjectVersion() throws Exception {
        BerthProcess.Result version = BerthProcess.run(folder, "--version");
        assertThat(version.exitCode()).isZero();
        assertThat(version.output().strip()).matches("Berth \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
    }

    @Test
    void unknownCommandIsAnErrorWithTheListAndStartsNoServer() throws Exception {
        BerthProcess.Result typo = BerthProcess.run(folder, "serv");
        assertThat(typo.exitCode()).isNotZero();
        assertThat(typo.output()).contains("unknown command 'serv'", "Commands:", "gc [--dry-run]")
                .doesNotContain("Tomcat started", "listening");
    }
}
