package dev.berth.registry.mirror;

import static dev.berth.registry.api.RegistryClient.OCI_MANIFEST;
import static dev.berth.registry.api.RegistryClient.assertOciError;
import static dev.berth.registry.api.RegistryClient.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.api.RegistryClient;
import dev.berth.registry.auth.AuthFixture;
import dev.berth.registry.testsupport.Closing;
import dev.berth.registry.testsupport.RegistryInstance;
import dev.berth.registry.testsupport.TestStorage;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Access rules apply to mirrored repositories as to any other, and a containerd {@code ns=}
 * request is judged by the repository it is served from, not by the name in its path.
 */
class MirrorAccessTest {
    @TempDir
    static Path folder;

    private static TestStorage upstreamStore;
    private static TestStorage mirrorStore;
    private static RegistryInstance upstream;
    private static RegistryInstance mirror;

    @BeforeAll
    static void start() {
        upstreamStore = TestStorage.filesystem();
        upstream = RegistryInstance.start(upstreamStore);
        mirrorStore = TestStorage.filesystem();
        mirror = RegistryInstance.start(mirrorStore,
                "--registry.auth.mode=basic",
                "--registry.auth.htpasswd-file=" + AuthFixture.htpasswd(folder),
                // bob may pull the mirror of team/*, carol only her own repositories
                "--registry.auth.rules[0].repositories[0]=hub/team/**",
                "--registry.auth.rules[0].users[0]=" + AuthFixture.BOB,
                "--registry.auth.rules[0].actions=pull",
                "--registry.auth.rules[1].repositories[0]=team/**",
                "--registry.auth.rules[1].users[0]=" + AuthFixture.CAROL,
                "--registry.auth.rules[1].actions=pull,push",
                "--registry.proxy.upstreams[0].prefix=hub",
                "--registry.proxy.upstreams[0].url=" + upstream.base(),
                "--registry.proxy.upstreams[0].hosts[0]=docker.io");
    }

    @AfterAll
    static void stop() {
        Closing.quietly(mirror, upstream, mirrorStore, upstreamStore);
    }

    @Test
    void nsRequestsAreJudgedByTheMirroredRepositoryTheyAreServedFrom() {
        RegistryClient.Image image = new RegistryClient(upstream.base().getPort()).pushImage("team/app", "1");
        String path = "/v2/team/app/manifests/1";

        HttpResponse<byte[]> bobs = mirror.get(path + "?ns=docker.io", "Accept", OCI_MANIFEST, "Authorization", basic(
                AuthFixture.BOB, AuthFixture.BOB_PASSWORD));
        assertStatus(bobs, 200);
        assertThat(bobs.headers().firstValue("Docker-Content-Digest")).contains(image.digest());
        assertStatus(mirror.get("/v2/hub/team/app/manifests/1", "Accept", OCI_MANIFEST, "Authorization",
                basic(AuthFixture.BOB, AuthFixture.BOB_PASSWORD)), 200);

        // carol's rule covers team/**, the name in the path, but not hub/team/**, what is served
        assertOciError(mirror.get(path + "?ns=docker.io", "Accept", OCI_MANIFEST, "Authorization",
                basic(AuthFixture.CAROL, AuthFixture.CAROL_PASSWORD)), 403, "DENIED");
        // and bob's covers the mirror, not this registry's own team/app
        assertOciError(mirror.get(path, "Accept", OCI_MANIFEST, "Authorization",
                basic(AuthFixture.BOB, AuthFixture.BOB_PASSWORD)), 403, "DENIED");
        assertOciError(mirror.get(path + "?ns=docker.io", "Accept", OCI_MANIFEST), 401, "UNAUTHORIZED");
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
