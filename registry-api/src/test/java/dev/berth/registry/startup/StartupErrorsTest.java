package dev.berth.registry.startup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.testsupport.BerthProcess;
import dev.berth.registry.testsupport.FreePort;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A mistake in a setting ends start-up with exit status 1 and two lines naming the setting, the value and the fix. */
class StartupErrorsTest {
    @TempDir
    Path folder;

    private BerthProcess.Result start(String... settings) throws Exception {
        return startOn(String.valueOf(FreePort.pick()), settings);
    }

    private BerthProcess.Result startOn(String port, String... settings) throws Exception {
        String[] args = new String[settings.length + 2];
        args[0] = "--registry.storage.filesystem.root=" + folder.resolve("data");
        args[1] = "--server.port=" + port;
        System.arraycopy(settings, 0, args, 2, settings.length);
        return BerthProcess.run(folder, args);
    }

    private static void assertReadableFailure(BerthProcess.Result result, String problem, String fix) {
        assertThat(result.exitCode()).as(result.output()).isEqualTo(1);
        assertThat(result.output()).contains("Berth cannot start: " + problem).contains("Fix: " + fix)
                .doesNotContain("\tat ").doesNotContain("Exception").doesNotContain("APPLICATION FAILED TO START");
    }

    @Test
    void unknownStorageDriverNamesTheDrivers() throws Exception {
        assertReadableFailure(start("--registry.storage.driver=ftp"),
                "registry.storage.driver=ftp: unknown storage driver", "use 'filesystem'");
    }

    @Test
    void missingHtpasswdFileSaysHowToCreateIt() throws Exception {
        Path missing = folder.resolve("users.htpasswd");
        assertReadableFailure(start("--registry.auth.mode=basic", "--registry.auth.htpasswd-file=" + missing),
                "registry.auth.htpasswd-file=" + missing + ": no such readable file", "create it with 'htpasswd -B -c");
    }

    @Test
    void unsupportedHashInHtpasswdFileAsksForBcrypt() throws Exception {
        Path users = Files.writeString(folder.resolve("users.htpasswd"), "alice:{SHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g=\n");
        assertReadableFailure(start("--registry.auth.mode=basic", "--registry.auth.htpasswd-file=" + users),
                "registry.auth.htpasswd-file=" + users + ": unsupported hash", "only bcrypt hashes are accepted");
    }

    @Test
    void missingTlsCertificateNamesTheSetting() throws Exception {
        Path missing = folder.resolve("tls.crt");
        assertReadableFailure(start("--server.ssl.bundle=berth",
                        "--spring.ssl.bundle.pem.berth.keystore.certificate=" + missing,
                        "--spring.ssl.bundle.pem.berth.keystore.private-key=" + folder.resolve("tls.key")),
                "spring.ssl.bundle.pem.berth.keystore.", "point it at the PEM");
    }

    @Test
    void badCronShowsTheSixFields() throws Exception {
        assertReadableFailure(start("--registry.gc.schedule=every night"),
                "registry.gc.schedule=every night: not a cron expression", "give Spring's six fields");
    }

    @Test
    void portOutOfRangeGivesTheRange() throws Exception {
        assertReadableFailure(startOn("70000"),
                "server.port=70000: out of range", "give a number from 1 to 65535");
    }

    @Test
    void portInUseSaysWhatToDo() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertReadableFailure(startOn(String.valueOf(taken.getLocalPort())),
                    "server.port=" + taken.getLocalPort() + ": the port is already in use", "stop what listens there");
        }
    }
}
