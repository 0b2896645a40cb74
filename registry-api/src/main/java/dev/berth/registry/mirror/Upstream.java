package dev.berth.registry.mirror;

import dev.berth.oci.RepositoryName;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** One mirrored registry, its configuration checked: where it is, how it is reached locally, how long tags stay fresh. */
public final class Upstream {
    private final String name;
    private final URI url;
    private final String prefix;
    private final List<String> hosts;
    private final Duration tagTtl;
    private final Optional<Duration> expireAfter;
    private final UpstreamClient client;

    Upstream(MirrorProperties.Upstream settings) {
        if (settings.prefix() == null || !RepositoryName.isValid(settings.prefix())) {
            throw new IllegalStateException("registry.proxy.upstreams: prefix '" + settings.prefix()
                    + "' must be a valid repository name, e.g. 'hub'");
        }
        URI url = settings.url();
        if (url == null || url.getHost() == null
                || !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))) {
            throw new IllegalStateException("registry.proxy.upstreams: the url of '" + settings.prefix()
                    + "' must be an http(s) URL, e.g. https://registry-1.docker.io; got " + url);
        }
        this.prefix = settings.prefix();
        this.name = settings.name() == null || settings.name().isBlank() ? prefix : settings.name();
        String base = url.toString();
        this.url = URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
        this.hosts = settings.hosts().stream().map(host -> host.trim().toLowerCase(Locale.ROOT)).toList();
        this.tagTtl = settings.tagTtl();
        this.expireAfter = Optional.ofNullable(settings.expireAfter());
        this.client = new UpstreamClient(this.name, this.url, settings.username(), settings.password(),
                settings.timeout());
    }

    public String name() {
        return name;
    }

    public URI url() {
        return url;
    }

    /** The local repository prefix, without a trailing slash. */
    public String prefix() {
        return prefix;
    }

    public List<String> hosts() {
        return hosts;
    }

    public Duration tagTtl() {
        return tagTtl;
    }

    public Optional<Duration> expireAfter() {
        return expireAfter;
    }

    UpstreamClient client() {
        return client;
    }

    @Override
    public String toString() {
        return name + " (" + url + ", under " + prefix + "/)";
    }
}
