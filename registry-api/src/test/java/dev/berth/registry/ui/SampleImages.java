package dev.berth.registry.ui;

import static dev.berth.registry.api.RegistryClient.OCI_CONFIG;
import static dev.berth.registry.api.RegistryClient.OCI_EMPTY;
import static dev.berth.registry.api.RegistryClient.OCI_INDEX;
import static dev.berth.registry.api.RegistryClient.OCI_MANIFEST;
import static dev.berth.registry.api.RegistryClient.imageManifest;
import static dev.berth.registry.api.RegistryClient.json;
import static dev.berth.registry.api.RegistryClient.randomBytes;
import static dev.berth.registry.api.RegistryClient.sha256;

import dev.berth.registry.api.RegistryClient;
import dev.berth.registry.api.RegistryClient.Content;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Images that look like real ones (layers of chosen sizes, a full config, build history), pushed over HTTP. */
final class SampleImages {
    static final String SIGNATURE = "application/vnd.dev.cosign.artifact.sig.v1+json";
    static final String HELM_CONFIG = "application/vnd.cncf.helm.config.v1+json";
    static final String HELM_CHART_CONTENT = "application/vnd.cncf.helm.chart.content.v1.tar+gzip";

    private final RegistryClient registry;

    SampleImages(RegistryClient registry) {
        this.registry = registry;
    }

    /** A pushed image: its manifest, config and layers in order. */
    record Pushed(Content manifest, Content config, List<Content> layers) {
        String digest() {
            return manifest.digest();
        }

        long size() {
            return config.size() + layers.stream().mapToLong(Content::size).sum();
        }
    }

    Pushed image(String repo, String tag, String architecture, String created, int... layerSizes) {
        List<Content> layers = new ArrayList<>();
        for (int size : layerSizes) {
            layers.add(registry.pushBlob(repo, randomBytes(size)));
        }
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("created", created);
        config.put("architecture", architecture);
        config.put("os", "linux");
        config.put("config", Map.of(
                "Env", List.of("PATH=/usr/local/bin:/usr/bin:/bin", "APP_ENV=production"),
                "Entrypoint", List.of("/usr/bin/app"),
                "Cmd", List.of("serve", "--port", "8080"),
                "WorkingDir", "/srv",
                "ExposedPorts", Map.of("8080/tcp", Map.of()),
                "Labels", Map.of("org.opencontainers.image.source", "https://example.org/app",
                        "org.opencontainers.image.version", tag == null ? "dev" : tag)));
        List<Map<String, Object>> history = new ArrayList<>();
        String[] steps = {"ADD rootfs.tar.gz /", "RUN apk add --no-cache ca-certificates", "COPY app /usr/bin/app"};
        for (int i = 0; i < layerSizes.length; i++) {
            history.add(Map.of("created", created, "created_by", steps[i % steps.length]));
            if (i == 0) {
                history.add(Map.of("created", created, "created_by", "ENV APP_ENV=production", "empty_layer", true));
            }
        }
        config.put("history", history);
        config.put("rootfs", Map.of("type", "layers", "diff_ids", layers.stream().map(Content::digest).toList()));
        Content configBlob = registry.pushBlob(repo, OCI_CONFIG, json(config));
        byte[] manifest = imageManifest(OCI_MANIFEST, configBlob, layers.toArray(Content[]::new));
        Content pushed = registry.pushManifest(repo, tag == null ? sha256(manifest) : tag, OCI_MANIFEST, manifest);
        return new Pushed(pushed, configBlob, layers);
    }

    /** Tags an already pushed image again. */
    void tag(String repo, String tag, Pushed image) {
        registry.pushManifest(repo, tag, OCI_MANIFEST, image.manifest().bytes());
    }

    Content index(String repo, String tag, Pushed amd64, Pushed arm64) {
        List<Map<String, Object>> manifests = List.of(
                withPlatform(amd64.manifest(), Map.of("os", "linux", "architecture", "amd64")),
                withPlatform(arm64.manifest(), Map.of("os", "linux", "architecture", "arm64", "variant", "v8")));
        Map<String, Object> index = new LinkedHashMap<>();
        index.put("schemaVersion", 2);
        index.put("mediaType", OCI_INDEX);
        index.put("manifests", manifests);
        return registry.pushManifest(repo, tag, OCI_INDEX, json(index));
    }

    /** An OCI 1.1 artifact whose subject is {@code subject}, as cosign or notation push signatures. */
    Content referrer(String repo, String artifactType, Content subject) {
        Content empty = registry.pushBlob(repo, OCI_EMPTY, "{}".getBytes(StandardCharsets.UTF_8));
        Content payload = registry.pushBlob(repo, "application/vnd.dev.cosign.simplesigning.v1+json",
                ("{\"critical\":{\"image\":{\"docker-manifest-digest\":\"" + subject.digest() + "\"}}}")
                        .getBytes(StandardCharsets.UTF_8));
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("schemaVersion", 2);
        manifest.put("mediaType", OCI_MANIFEST);
        manifest.put("artifactType", artifactType);
        manifest.put("config", empty.descriptor());
        manifest.put("layers", List.of(payload.descriptor()));
        manifest.put("subject", subject.descriptor());
        manifest.put("annotations", Map.of("org.opencontainers.image.created", "2025-03-01T09:30:00Z"));
        byte[] content = json(manifest);
        return registry.pushManifest(repo, sha256(content), OCI_MANIFEST, content);
    }

    /**
     * A Helm chart as {@code helm push} stores it: the Chart.yaml fields as a JSON config, the
     * packaged chart as its one layer. The repository's last segment is the chart's name.
     */
    Content helmChart(String repo, String version, String appVersion, String description) {
        String chart = repo.substring(repo.lastIndexOf('/') + 1);
        Content config = registry.pushBlob(repo, HELM_CONFIG, json(Map.of("name", chart, "version", version,
                "appVersion", appVersion, "description", description, "apiVersion", "v2", "type", "application")));
        Content content = registry.pushBlob(repo, HELM_CHART_CONTENT, randomBytes(4_321));
        byte[] manifest = imageManifest(OCI_MANIFEST, config, content);
        return registry.pushManifest(repo, version, OCI_MANIFEST, manifest);
    }

    /** An OCI 1.1 artifact of {@code artifactType} (no subject), as {@code oras push} stores one. */
    Content artifact(String repo, String tag, String artifactType) {
        Content empty = registry.pushBlob(repo, OCI_EMPTY, "{}".getBytes(StandardCharsets.UTF_8));
        Content file = registry.pushBlob(repo, "application/octet-stream", randomBytes(2_000));
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("schemaVersion", 2);
        manifest.put("mediaType", OCI_MANIFEST);
        manifest.put("artifactType", artifactType);
        manifest.put("config", empty.descriptor());
        manifest.put("layers", List.of(file.descriptor()));
        return registry.pushManifest(repo, tag, OCI_MANIFEST, json(manifest));
    }

    private static Map<String, Object> withPlatform(Content manifest, Map<String, Object> platform) {
        Map<String, Object> entry = manifest.descriptor();
        entry.put("platform", platform);
        return entry;
    }
}
