package dev.berth.registry.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The users and rules every auth test runs against. The htpasswd file is written by the real
 * {@code htpasswd -B} (Debian's apache2-utils; {@code .ci/run} installs it), so the registry reads
 * what administrators will give it.
 *
 * <pre>
 * alice   htpasswd, group admins      admin on **
 * bob     htpasswd                    pull, push, delete on team-a/**; pull on team-b/**
 * carol   htpasswd, group readers     pull on team-a/**
 * dave    registry.auth.users         pull, push on team-b/**
 * ci-bot  (a CI token's name)         pull, push on ci/**
 * anyone                              pull on public/**
 * </pre>
 */
public final class AuthFixture {
    public static final String ALICE = "alice";
    public static final String ALICE_PASSWORD = "alice-Pa55-word";
    public static final String BOB = "bob";
    public static final String BOB_PASSWORD = "bob-Pa55-word";
    public static final String CAROL = "carol";
    public static final String CAROL_PASSWORD = "carol-Pa55-word";
    public static final String DAVE = "dave";
    public static final String DAVE_PASSWORD = "dave-Pa55-word";
    public static final String CI_BOT = "ci-bot";

    private AuthFixture() {
    }

    /** Writes {@code users.htpasswd} into {@code folder} with {@code htpasswd -B} and returns it. */
    public static Path htpasswd(Path folder) {
        Path file = folder.resolve("users.htpasswd");
        htpasswd("-B", "-b", "-c", file.toString(), ALICE, ALICE_PASSWORD);
        htpasswd("-B", "-b", file.toString(), BOB, BOB_PASSWORD);
        htpasswd("-B", "-b", file.toString(), CAROL, CAROL_PASSWORD);
        return file;
    }

    private static void htpasswd(String... args) {
        List<String> command = new java.util.ArrayList<>(List.of("htpasswd"));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("htpasswd finishes").isTrue();
            assertThat(process.exitValue()).as("htpasswd: %s", output).isZero();
        } catch (IOException e) {
            throw new AssertionError("cannot run htpasswd (Debian's apache2-utils; .ci/run installs it)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Storage, mode, users and rules; failed logins are not throttled unless a test sets its own limit. */
    public static void configure(DynamicPropertyRegistry registry, String mode, Path storageRoot, Path htpasswd) {
        registry.add("registry.storage.filesystem.root", storageRoot::toString);
        registry.add("registry.auth.mode", () -> mode);
        registry.add("registry.auth.htpasswd-file", htpasswd::toString);
        registry.add("registry.auth.users[0].name", () -> DAVE);
        String daveHash = new BCryptPasswordEncoder(5).encode(DAVE_PASSWORD);
        registry.add("registry.auth.users[0].password", () -> daveHash);
        registry.add("registry.auth.groups.admins[0]", () -> ALICE);
        registry.add("registry.auth.groups.readers[0]", () -> CAROL);
        rule(registry, 0, "**", "groups", "admins", "admin");
        rule(registry, 1, "team-a/**", "users", BOB, "pull,push,delete");
        rule(registry, 2, "team-a/**", "groups", "readers", "pull");
        rule(registry, 3, "team-b/**", "users", DAVE, "pull,push");
        rule(registry, 4, "team-b/**", "users", BOB, "pull");
        rule(registry, 5, "ci/**", "users", CI_BOT, "pull,push");
        registry.add("registry.auth.rules[6].repositories[0]", () -> "public/**");
        registry.add("registry.auth.rules[6].anonymous", () -> "true");
        registry.add("registry.auth.rules[6].actions", () -> "pull");
        registry.add("registry.auth.login-throttle.max-failures", () -> "1000");
    }

    private static void rule(DynamicPropertyRegistry registry, int index, String repositories, String kind,
                             String who, String actions) {
        String prefix = "registry.auth.rules[" + index + "].";
        registry.add(prefix + "repositories[0]", () -> repositories);
        registry.add(prefix + kind + "[0]", () -> who);
        registry.add(prefix + "actions", () -> actions);
    }
}
