package dev.berth.registry.bench;

import dev.berth.oci.Descriptor;
import dev.berth.oci.Digest;
import dev.berth.oci.MediaTypes;
import dev.berth.oci.Reference;
import dev.berth.oci.RepositoryName;
import dev.berth.storage.RegistryStorage;
import dev.berth.storage.blob.BlobStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a registry of many repositories straight through the storage module (no HTTP): each
 * repository {@code <prefix>team-NN/app-MM} gets {@code tags} images, each a shared base layer of
 * its team, a layer of its own and a config with a creation time and build history; {@code latest}
 * points at the newest and every fifth image has a signature referrer.
 */
final class BenchStore {
    static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
    static final String OCI_LAYER = "application/vnd.oci.image.layer.v1.tar+gzip";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int REPOSITORIES_PER_TEAM = 20;

    private final RegistryStorage storage;
    private final String prefix;

    BenchStore(Path root, String prefix) {
        this.storage = new RegistryStorage(new UnsyncedDriver(root), Clock.systemUTC());
        this.prefix = prefix;
    }

    /** Name of the {@code index}-th repository. */
    String repository(int index) {
        return String.format("%steam-%02d/app-%02d", prefix, index / REPOSITORIES_PER_TEAM, index % REPOSITORIES_PER_TEAM);
    }

    /** Generates {@code repositories} repositories of {@code tags} tags each, on {@code threads} threads. */
    void generate(int repositories, int tags, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int i = 0; i < repositories; i++) {
                int index = i;
                work.add(pool.submit(() -> {
                    fill(index, tags);
                    return null;
                }));
            }
            for (Future<?> each : work) {
                each.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    private void fill(int index, int tags) {
        RepositoryName name = RepositoryName.of(repository(index));
        Random random = new Random(index);
        Descriptor base = blob(name, OCI_LAYER, bytes(new Random(index / REPOSITORIES_PER_TEAM), 4096));
        Instant start = Instant.parse("2025-01-01T00:00:00Z").plusSeconds(index * 3600L);
        Digest newest = null;
        for (int t = 0; t < tags; t++) {
            Instant created = start.plusSeconds(t * 86_400L);
            Descriptor own = blob(name, OCI_LAYER, bytes(random, 512 + random.nextInt(2048)));
            Descriptor config = blob(name, OCI_CONFIG, config(created, index, t));
            byte[] manifest = json(Map.of("schemaVersion", 2, "mediaType", MediaTypes.OCI_MANIFEST,
                    "config", config, "layers", List.of(base, own)));
            String tag = (t == tags - 1 && tags > 1) ? "latest" : "1." + t + ".0";
            newest = storage.manifests().put(name, Reference.parse(tag), MediaTypes.OCI_MANIFEST, manifest).digest();
            if (t % 5 == 0) {
                sign(name, newest, manifest.length);
            }
        }
    }

    private void sign(RepositoryName name, Digest subject, long subjectSize) {
        Descriptor empty = blob(name, "application/vnd.oci.empty.v1+json", "{}".getBytes(StandardCharsets.UTF_8));
        Descriptor signature = blob(name, "application/vnd.dev.cosign.simplesigning.v1+json",
                ("{\"critical\":{\"image\":{\"docker-manifest-digest\":\"" + subject + "\"}}}").getBytes(StandardCharsets.UTF_8));
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("schemaVersion", 2);
        manifest.put("mediaType", MediaTypes.OCI_MANIFEST);
        manifest.put("artifactType", "application/vnd.dev.cosign.artifact.sig.v1+json");
        manifest.put("config", empty);
        manifest.put("layers", List.of(signature));
        manifest.put("subject", Descriptor.of(MediaTypes.OCI_MANIFEST, subject, subjectSize, null, null));
        byte[] content = json(manifest);
        storage.manifests().put(name, new Reference.ByDigest(Digest.sha256(BlobStore.sha256(content))),
                MediaTypes.OCI_MANIFEST, content);
    }

    private Descriptor blob(RepositoryName name, String mediaType, byte[] content) {
        Digest digest = storage.blobs().putSmall(content);
        storage.blobs().link(name, digest);
        return Descriptor.of(mediaType, digest, content.length, null, null);
    }

    private static byte[] config(Instant created, int repository, int tag) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("created", created.toString());
        config.put("architecture", tag % 2 == 0 ? "amd64" : "arm64");
        config.put("os", "linux");
        config.put("config", Map.of("Env", List.of("PATH=/usr/bin:/bin", "BUILD=" + repository + "." + tag),
                "Cmd", List.of("/app"), "Labels", Map.of("org.opencontainers.image.revision", repository + "-" + tag)));
        config.put("history", List.of(Map.of("created", created.toString(), "created_by", "ADD base.tar /"),
                Map.of("created", created.toString(), "created_by", "COPY app /app")));
        config.put("rootfs", Map.of("type", "layers", "diff_ids", List.of()));
        return json(config);
    }

    private static byte[] bytes(Random random, int size) {
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] json(Object value) {
        return JSON.writeValueAsBytes(value);
    }
}
