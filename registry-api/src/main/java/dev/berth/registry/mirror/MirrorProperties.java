package dev.berth.registry.mirror;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code registry.proxy.*}: the upstream registries this one mirrors, read-only,
 * as a pull-through cache. docs/pull-through-cache.md documents each.
 *
 * @param upstreams       the mirrored registries; none by default
 * @param defaultUpstream prefix of the upstream that answers reads of repositories outside every prefix
 *                        that do not exist here, as docker's {@code registry-mirrors} asks for Docker
 *                        Hub images ({@code library/nginx}); unset: such names are this registry's own
 */
@ConfigurationProperties("registry.proxy")
public record MirrorProperties(@DefaultValue List<Upstream> upstreams, String defaultUpstream) {

    /**
     * @param name        a short name for logs and messages; the prefix when unset
     * @param url         the upstream's base URL, e.g. {@code https://registry-1.docker.io}
     * @param username    credentials for basic auth or the token flow; anonymous when unset
     * @param password    see username
     * @param prefix      local repository prefix: {@code <prefix>/library/nginx} is the upstream's {@code library/nginx}
     * @param hosts       registry host names answered for containerd's {@code ns=<host>} query parameter, e.g. {@code docker.io}
     * @param tagTtl      a cached tag is served without asking the upstream for this long; then re-checked with HEAD
     * @param expireAfter cached manifests not pulled for this long are removed before each garbage collection; unset keeps them
     * @param timeout     upstream requests fail when connecting, waiting for the response, or waiting for more of its body takes longer
     */
    public record Upstream(String name,
                           URI url,
                           String username,
                           String password,
                           String prefix,
                           @DefaultValue List<String> hosts,
                           @DefaultValue("5m") Duration tagTtl,
                           Duration expireAfter,
                           @DefaultValue("30s") Duration timeout) {

        @Override
        public String toString() {
            // never the password
            return "Upstream[name=" + name + ", url=" + url + ", prefix=" + prefix + "]";
        }
    }
}
