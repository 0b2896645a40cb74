package dev.berth.registry.api;

import static dev.berth.registry.auth.AuthFixture.ALICE;
import static dev.berth.registry.auth.AuthFixture.ALICE_PASSWORD;
import static dev.berth.registry.auth.AuthFixture.BOB;
import static dev.berth.registry.auth.AuthFixture.BOB_PASSWORD;
import static dev.berth.registry.auth.AuthFixture.CAROL;
import static dev.berth.registry.auth.AuthFixture.CAROL_PASSWORD;
import static dev.berth.registry.auth.AuthFixture.DAVE;
import static dev.berth.registry.auth.AuthFixture.DAVE_PASSWORD;

import dev.berth.registry.BerthApplication;
import dev.berth.registry.auth.AuthFixture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the tests against a registry in {@code basic} mode with {@link AuthFixture}'s users and
 * rules; its subclasses share one started registry.
 */
@SpringBootTest(classes = BerthApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "logging.level.dev.berth=DEBUG")
public abstract class BasicModeApiTest {
    static final Path FOLDER = createFolder();

    @LocalServerPort
    protected int port;

    protected RegistryClient anonymous;
    protected RegistryClient alice;
    protected RegistryClient bob;
    protected RegistryClient carol;
    protected RegistryClient dave;

    @DynamicPropertySource
    static void auth(DynamicPropertyRegistry registry) {
        AuthFixture.configure(registry, "basic", FOLDER.resolve("store"), AuthFixture.htpasswd(FOLDER));
    }

    @BeforeEach
    void clients() {
        anonymous = new RegistryClient(port);
        alice = anonymous.asUser(ALICE, ALICE_PASSWORD);
        bob = anonymous.asUser(BOB, BOB_PASSWORD);
        carol = anonymous.asUser(CAROL, CAROL_PASSWORD);
        dave = anonymous.asUser(DAVE, DAVE_PASSWORD);
    }

    /** A repository name under {@code prefix} that no other test uses. */
    protected static String repo(String prefix) {
        return prefix + "/" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static Path createFolder() {
        try {
            return Files.createTempDirectory("berth-basic-auth");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
