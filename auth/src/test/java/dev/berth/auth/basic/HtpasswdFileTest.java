package dev.berth.auth.basic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

class HtpasswdFileTest {
    /** {@code htpasswd -nbB alice alicepw}, as Apache's tool wrote it ({@code $2y$}). */
    private static final String ALICE = "alice:$2y$05$a7OByHK3uiKyJupWBMKhbOXR2ItJuHM9htw9IqRHtJjzFqTybUjSC";

    @TempDir
    Path folder;

    @Test
    void readsBcryptLinesThatSpringSecurityVerifies() throws Exception {
        Path file = Files.writeString(folder.resolve("htpasswd"), "# users\n" + ALICE + "\n\n");

        String hash = HtpasswdFile.read(file).get("alice");

        assertThat(new BCryptPasswordEncoder().matches("alicepw", hash)).isTrue();
        assertThat(new BCryptPasswordEncoder().matches("wrong", hash)).isFalse();
    }

    @Test
    void weakHashFormatsAreRefusedWithoutShowingTheLine() throws Exception {
        Path file = Files.writeString(folder.resolve("htpasswd"), ALICE + "\nbob:$apr1$salt$md5hashhere\n");

        assertThatThrownBy(() -> HtpasswdFile.read(file))
                .hasMessageContaining("line 2")
                .hasMessageNotContaining("$apr1$");
    }
}
