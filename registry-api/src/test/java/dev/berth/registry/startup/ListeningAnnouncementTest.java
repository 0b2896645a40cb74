package dev.berth.registry.startup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.BerthApplication;
import dev.berth.registry.testsupport.FreePort;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/** Start-up says where Berth listens and in which auth mode; it is on loopback unless told otherwise. */
@ExtendWith(OutputCaptureExtension.class)
class ListeningAnnouncementTest {
    @TempDir
    Path folder;

    private ConfigurableApplicationContext start(int port, String... settings) {
        String[] args = new String[settings.length + 2];
        args[0] = "--registry.storage.filesystem.root=" + folder.resolve("data");
        args[1] = "--server.port=" + port;
        System.arraycopy(settings, 0, args, 2, settings.length);
        return new SpringApplicationBuilder(BerthApplication.class).run(args);
    }

    @Test
    void byDefaultListensOnLoopbackOnlyAndSaysSo(CapturedOutput output) throws Exception {
        int port = FreePort.pick();
        try (ConfigurableApplicationContext ignored = start(port)) {
            assertThat(output.getOut()).contains("Berth listening on http://127.0.0.1:" + port + "/ (registry.auth.mode=none)")
                    .doesNotContain("reachable from other machines");
            // Nothing answers on the machine's other addresses: a socket there binds, where 0.0.0.0 would refuse it.
            InetAddress other = InetAddress.getLocalHost();
            if (!other.isLoopbackAddress()) {
                try (ServerSocket free = new ServerSocket(port, 1, other)) {
                    assertThat(free.isBound()).isTrue();
                }
            }
        }
    }

    @Test
    void everyInterfaceWithoutAuthIsWarnedAbout(CapturedOutput output) {
        int port = FreePort.pick();
        try (ConfigurableApplicationContext ignored = start(port, "--server.address=0.0.0.0")) {
            assertThat(output.getOut()).contains("Berth listening on http://0.0.0.0:" + port + "/ (registry.auth.mode=none)")
                    .contains("WARN").contains("server.address=0.0.0.0 is reachable from other machines and "
                            + "registry.auth.mode=none: anyone who can reach it may push and delete");
        }
    }
}
