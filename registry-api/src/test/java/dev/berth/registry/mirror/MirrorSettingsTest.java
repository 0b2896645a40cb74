package dev.berth.registry.mirror;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Upstream settings that cannot work stop the registry at startup, saying which setting is wrong. */
class MirrorSettingsTest {

    @Test
    void sensibleSettingsAreAccepted() {
        MirrorRoutes routes = routes(null, upstream("hub", "https://registry-1.docker.io/", "docker.io"),
                upstream("ghcr", "https://ghcr.io", "GHCR.io"));
        assertThat(routes.upstreams()).extracting(Upstream::prefix).containsExactly("hub", "ghcr");
        assertThat(routes.upstreams().get(0).url()).hasToString("https://registry-1.docker.io");
        assertThat(routes.upstreams().get(1).hosts()).containsExactly("ghcr.io");
        assertThat(routes.upstreams().get(0).toString()).doesNotContain("secret");
    }

    @Test
    void badSettingsAreRefusedNamingTheSetting() {
        assertThatThrownBy(() -> routes(null, upstream("Hub!", "https://registry-1.docker.io")))
                .hasMessageContaining("prefix 'Hub!' must be a valid repository name");
        assertThatThrownBy(() -> routes(null, upstream("hub", "ftp://example.org")))
                .hasMessageContaining("must be an http(s) URL");
        assertThatThrownBy(() -> routes(null, upstream("hub", "https://a.example"), upstream("hub", "https://b.example")))
                .hasMessageContaining("prefix 'hub' is used twice");
        assertThatThrownBy(() -> routes(null, upstream("hub", "https://a.example"), upstream("hub/x", "https://b.example")))
                .hasMessageContaining("lies under prefix 'hub'");
        assertThatThrownBy(() -> routes(null, upstream("a", "https://a.example", "docker.io"),
                upstream("b", "https://b.example", "docker.io")))
                .hasMessageContaining("host 'docker.io' is listed twice");
        assertThatThrownBy(() -> routes("quay", upstream("hub", "https://a.example")))
                .hasMessageContaining("registry.proxy.default-upstream 'quay'");
    }

    private static MirrorRoutes routes(String defaultUpstream, MirrorProperties.Upstream... upstreams) {
        return new MirrorRoutes(new MirrorProperties(List.of(upstreams), defaultUpstream), null);
    }

    private static MirrorProperties.Upstream upstream(String prefix, String url, String... hosts) {
        return new MirrorProperties.Upstream(null, URI.create(url), "user", "secret", prefix, List.of(hosts),
                Duration.ofMinutes(5), null, Duration.ofSeconds(30));
    }
}
