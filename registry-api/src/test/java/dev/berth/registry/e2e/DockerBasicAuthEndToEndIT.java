package dev.berth.registry.e2e;

import dev.berth.registry.BerthApplication;
import dev.berth.registry.auth.AuthFixture;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The docker client against {@code registry.auth.mode=basic}. */
@SpringBootTest(classes = BerthApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DockerBasicAuthEndToEndIT extends DockerAuthEndToEndIT {

    @DynamicPropertySource
    static void auth(DynamicPropertyRegistry registry) {
        AuthFixture.configure(registry, "basic", folder.resolve("store-basic"), AuthFixture.htpasswd(folder));
    }

    /** Docker will not pull anonymously against a basic challenge. */
    @Override
    boolean dockerPullsAnonymously() {
        return false;
    }
}
