package dev.berth.registry.e2e;

import dev.berth.registry.BerthApplication;
import dev.berth.registry.auth.AuthFixture;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The docker client against {@code registry.auth.mode=token}. */
@SpringBootTest(classes = BerthApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DockerTokenAuthEndToEndIT extends DockerAuthEndToEndIT {

    @DynamicPropertySource
    static void auth(DynamicPropertyRegistry registry) {
        AuthFixture.configure(registry, "token", folder.resolve("store-token"), AuthFixture.htpasswd(folder));
    }

    /** Docker fetches an anonymous token. */
    @Override
    boolean dockerPullsAnonymously() {
        return true;
    }
}
