package dev.berth.storage.browse;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.oci.Descriptor;
import dev.berth.oci.Digest;
import dev.berth.oci.ErrorCode;
import dev.berth.oci.MediaTypes;
import dev.berth.oci.OciException;
import dev.berth.oci.Reference;
import dev.berth.oci.RepositoryName;
import dev.berth.storage.StorageFixture;
import dev.berth.storage.browse.ImageSummary.Kind;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

class RegistryBrowserTest {
    static final RepositoryName APP = RepositoryName.of("team/app");
    static final RepositoryName OTHER = RepositoryName.of("team/other");
    static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
    static final String OCI_LAYER = "application/vnd.oci.image.layer.v1.tar+gzip";
    static final String EMPTY = "application/vnd.oci.empty.v1+json";
    static final String SIGNATURE = "application/vnd.dev.cosign.artifact.sig.v1+json";
    static final String SBOM = "application/spdx+json";
    static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path root;
    StorageFixture fixture;
    RegistryBrowser browser;

    @BeforeEach
    void open() {
        fixture = new StorageFixture(root);
        browser = fixture.storage().browser();
    }

    @Test
    void tagRowHasSizeCreatedPlatformAndPushTimeOfItsImage() {
        Instant before = Instant.now().minusSeconds(2);
        Pushed image = pushImage(APP, "v1", "amd64", "2024-05-01T10:00:00Z", 1000, 2500);

        List<TagDetails> rows = browser.tags(APP);

        assertThat(rows).hasSize(1);
        TagDetails row = rows.get(0);
        assertThat(row.tag()).isEqualTo("v1");
        assertThat(row.image().digest()).isEqualTo(image.digest);
        assertThat(row.image().kind()).isEqualTo(Kind.IMAGE);
        assertThat(row.image().mediaType()).isEqualTo(MediaTypes.OCI_MANIFEST);
        assertThat(row.image().size()).isEqualTo(image.config.size() + 1000 + 2500);
        assertThat(row.image().created()).isEqualTo(Instant.parse("2024-05-01T10:00:00Z"));
        assertThat(row.image().platforms()).containsExactly(new Platform("linux", "amd64", null));
        assertThat(row.pushed()).isBetween(before, Instant.now().plusSeconds(2));
        assertThat(row.referrerTypes()).isEmpty();
    }

    @Test
    void repushingATagMovesItsPushTime() throws InterruptedException {
        pushImage(APP, "v1", "amd64", "2024-05-01T10:00:00Z", 10);
        Instant first = browser.tags(APP).get(0).pushed();
        Thread.sleep(1100);

        pushImage(APP, "v1", "amd64", "2024-05-02T10:00:00Z", 10);

        assertThat(browser.tags(APP).get(0).pushed()).isAfter(first);
        // The summary's last push is when the tag index logged it, a moment after the link's write.
        assertThat(browser.summary(APP).lastPushed()).isCloseTo(browser.tags(APP).get(0).pushed(), within(1, ChronoUnit.SECONDS));
        assertThat(browser.summary(APP).lastPushed()).isAfter(first);
    }

    @Test
    void indexRowListsRunnablePlatformsAndCountsSharedLayersOnce() {
        Descriptor shared = blob(APP, OCI_LAYER, new byte[4000]);
        Pushed amd = pushImage(APP, null, "amd64", "2024-01-01T00:00:00Z", shared, 100);
        Pushed arm = pushImage(APP, null, "arm64", "2024-02-01T00:00:00Z", shared, 200);
        Pushed attestation = pushArtifact(APP, null, "application/vnd.in-toto+json", null);
        byte[] index = json(Map.of("schemaVersion", 2, "mediaType", MediaTypes.OCI_INDEX, "manifests", List.of(
                child(amd, Map.of("os", "linux", "architecture", "amd64")),
                child(arm, Map.of("os", "linux", "architecture", "arm64", "variant", "v8")),
                child(attestation, Map.of("os", "unknown", "architecture", "unknown")))));
        put(APP, "multi", MediaTypes.OCI_INDEX, index);

        TagDetails row = browser.tags(APP).get(0);

        assertThat(row.image().kind()).isEqualTo(Kind.INDEX);
        assertThat(row.image().platforms()).containsExactly(new Platform("linux", "amd64", null),
                new Platform("linux", "arm64", "v8"));
        assertThat(row.image().size()).isEqualTo(amd.config.size() + arm.config.size() + 4000 + 100 + 200
                + attestation.config.size() + attestation.layerSizes);
        assertThat(row.image().created()).isEqualTo(Instant.parse("2024-02-01T00:00:00Z"));
    }

    @Test
    void referrersShowOnTheTagRowAndInTheImageDetail() {
        Pushed image = pushImage(APP, "v1", "amd64", "2024-05-01T10:00:00Z", 10);
        Pushed signature = pushArtifact(APP, null, SIGNATURE, image);
        pushArtifact(APP, null, SBOM, image);

        assertThat(browser.tags(APP).get(0).referrerTypes()).containsExactly(SBOM, SIGNATURE);
        ImageDetail detail = browser.image(APP, Reference.parse("v1"));
        assertThat(detail.referrers()).extracting(Descriptor::artifactType).containsExactlyInAnyOrder(SIGNATURE, SBOM);
        assertThat(detail.referrers()).extracting(Descriptor::digest).contains(signature.digest.toString());

        ImageDetail signatureDetail = browser.image(APP, new Reference.ByDigest(signature.digest));
        assertThat(signatureDetail.summary().kind()).isEqualTo(Kind.ARTIFACT);
        assertThat(signatureDetail.summary().artifactType()).isEqualTo(SIGNATURE);
        assertThat(signatureDetail.subject()).isEqualTo(image.digest);
        assertThat(signatureDetail.tags()).isEmpty();
    }

    @Test
    void imageDetailHasLayersWithTheirBuildStepsAndTheConfig() {
        Descriptor first = blob(APP, OCI_LAYER, new byte[300]);
        Descriptor second = blob(APP, "application/vnd.oci.image.layer.v1.tar+zstd", new byte[700]);
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("created", "2024-03-04T05:06:07.123456789Z");
        config.put("author", "someone");
        config.put("architecture", "arm64");
        config.put("variant", "v8");
        config.put("os", "linux");
        config.put("config", Map.of("Env", List.of("PATH=/bin", "MODE=prod"), "Entrypoint", List.of("/app"),
                "Cmd", List.of("--serve"), "WorkingDir", "/srv", "User", "1000",
                "ExposedPorts", Map.of("8080/tcp", Map.of()), "Labels", Map.of("org.opencontainers.image.title", "app")));
        config.put("history", List.of(
                Map.of("created_by", "ADD rootfs /", "created", "2024-03-04T05:00:00Z"),
                Map.of("created_by", "ENV MODE=prod", "empty_layer", true),
                Map.of("created_by", "COPY app /app")));
        Descriptor configBlob = blob(APP, OCI_CONFIG, json(config));
        Digest digest = put(APP, "v2", MediaTypes.OCI_MANIFEST, manifest(configBlob, null, null, first, second));
        put(APP, "latest", MediaTypes.OCI_MANIFEST, manifest(configBlob, null, null, first, second));

        ImageDetail detail = browser.image(APP, Reference.parse("v2"));

        assertThat(detail.summary().digest()).isEqualTo(digest);
        assertThat(detail.tags()).containsExactly("latest", "v2");
        assertThat(detail.layers()).extracting(ImageDetail.Layer::size).containsExactly(300L, 700L);
        assertThat(detail.layers()).extracting(ImageDetail.Layer::mediaType)
                .containsExactly(OCI_LAYER, "application/vnd.oci.image.layer.v1.tar+zstd");
        assertThat(detail.layers()).extracting(ImageDetail.Layer::createdBy).containsExactly("ADD rootfs /", "COPY app /app");
        assertThat(detail.config().digest()).isEqualTo(configBlob.digest());
        ImageConfig parsed = detail.imageConfig();
        assertThat(parsed.created()).isEqualTo(Instant.parse("2024-03-04T05:06:07.123456789Z"));
        assertThat(parsed.author()).isEqualTo("someone");
        assertThat(parsed.platform()).isEqualTo(new Platform("linux", "arm64", "v8"));
        assertThat(parsed.env()).containsExactly("PATH=/bin", "MODE=prod");
        assertThat(parsed.entrypoint()).containsExactly("/app");
        assertThat(parsed.cmd()).containsExactly("--serve");
        assertThat(parsed.workingDir()).isEqualTo("/srv");
        assertThat(parsed.user()).isEqualTo("1000");
        assertThat(parsed.exposedPorts()).containsExactly("8080/tcp");
        assertThat(parsed.labels()).containsEntry("org.opencontainers.image.title", "app");
        assertThat(parsed.history()).hasSize(3);
        assertThat(parsed.history().get(1).emptyLayer()).isTrue();
    }

    @Test
    void imageOfAnUnknownReferenceIsManifestUnknown() {
        pushImage(APP, "v1", "amd64", "2024-05-01T10:00:00Z", 10);

        assertThatThrownBy(() -> browser.image(APP, Reference.parse("nope")))
                .isInstanceOfSatisfying(OciException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MANIFEST_UNKNOWN));
        assertThatThrownBy(() -> browser.image(OTHER, Reference.parse("v1")))
                .isInstanceOfSatisfying(OciException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MANIFEST_UNKNOWN));
    }

    @Test
    void configsThatAreNotImageConfigsAreNotParsed() {
        Pushed artifact = pushArtifact(APP, "chart", "application/vnd.cncf.helm.chart.v1", null);

        ImageDetail detail = browser.image(APP, Reference.parse("chart"));

        assertThat(detail.imageConfig()).isNull();
        assertThat(detail.summary().kind()).isEqualTo(Kind.ARTIFACT);
        assertThat(detail.summary().size()).isEqualTo(artifact.config.size() + artifact.layerSizes);
    }

    @Test
    void storageUseCountsBlobsSharedBetweenImagesAndRepositoriesOnce() {
        Descriptor base = blob(APP, OCI_LAYER, new byte[10_000]);
        Pushed one = pushImage(APP, "one", "amd64", "2024-01-01T00:00:00Z", base, 100);
        Pushed two = pushImage(APP, "two", "amd64", "2024-01-02T00:00:00Z", base, 200);
        fixture.storage().blobs().mount(OTHER, base.parsedDigest(), APP);
        Pushed three = pushImage(OTHER, "three", "amd64", "2024-01-03T00:00:00Z", base, 300);

        StorageUse use = browser.use(List.of(APP, OTHER));

        long app = 10_000 + one.config.size() + 100 + one.manifestSize + two.config.size() + 200 + two.manifestSize;
        long other = 10_000 + three.config.size() + 300 + three.manifestSize;
        assertThat(use.repositories()).extracting(StorageUse.RepositoryUse::name).containsExactly("team/app", "team/other");
        assertThat(use.repositories().get(0).size()).isEqualTo(app);
        assertThat(use.repositories().get(0).manifests()).isEqualTo(2);
        assertThat(use.repositories().get(0).blobs()).isEqualTo(7);
        assertThat(use.repositories().get(1).size()).isEqualTo(other);
        assertThat(use.sizeOfRepositories()).isEqualTo(app + other);
        assertThat(use.size()).isEqualTo(app + other - 10_000);
        assertThat(use.blobs()).isEqualTo(7 + 4 - 1);
    }

    @Test
    void repositorySummaryCountsTagsAndFindsTheLatestPush() throws InterruptedException {
        pushImage(APP, "a", "amd64", "2024-01-01T00:00:00Z", 10);
        Thread.sleep(1100);
        pushImage(APP, "b", "amd64", "2024-01-01T00:00:00Z", 10);
        fixture.upload(OTHER, new byte[] {1});

        RepositorySummary summary = browser.summary(APP);

        assertThat(summary.tagCount()).isEqualTo(2);
        assertThat(summary.lastPushed()).isCloseTo(browser.tags(APP).get(1).pushed(), within(1, ChronoUnit.SECONDS));
        assertThat(summary.lastPushed()).isAfter(browser.tags(APP).get(0).pushed());
        assertThat(browser.summary(OTHER)).isEqualTo(new RepositorySummary("team/other", 0, null));
        assertThat(browser.repositories()).containsExactly("team/app", "team/other");
    }

    @Test
    void aTagWhoseManifestWasDeletedIsLeftOut() {
        Pushed image = pushImage(APP, "v1", "amd64", "2024-01-01T00:00:00Z", 10);
        pushImage(APP, "v2", "amd64", "2024-01-01T00:00:00Z", 10);

        fixture.storage().manifests().delete(APP, new Reference.ByDigest(image.digest));

        assertThat(browser.tags(APP)).extracting(TagDetails::tag).containsExactly("v2");
    }

    @Test
    void configParsingIgnoresFieldsOfTheWrongShape() {
        byte[] odd = "{\"created\":\"yesterday\",\"os\":5,\"config\":{\"Env\":\"PATH=/bin\",\"Labels\":{\"a\":1,\"b\":\"x\"}},\"history\":{}}"
                .getBytes(UTF_8);

        ImageConfig config = ImageConfig.parse(odd).orElseThrow();

        assertThat(config.created()).isNull();
        assertThat(config.os()).isNull();
        assertThat(config.env()).isEmpty();
        assertThat(config.labels()).containsExactly(Map.entry("b", "x"));
        assertThat(config.history()).isEmpty();
        assertThat(ImageConfig.parse("not json".getBytes(UTF_8))).isEmpty();
        assertThat(ImageConfig.parse("[1,2]".getBytes(UTF_8))).isEmpty();
    }

    // ---- helpers ------------------------------------------------------------------------

    record Pushed(Digest digest, Descriptor config, long layerSizes, long manifestSize) {
    }

    private Pushed pushImage(RepositoryName name, String tag, String architecture, String created, int... layerSizes) {
        return pushImage(name, tag, architecture, created, null, layerSizes);
    }

    private Pushed pushImage(RepositoryName name, String tag, String architecture, String created, Descriptor base,
                             int... layerSizes) {
        List<Descriptor> layers = new ArrayList<>();
        long total = 0;
        if (base != null) {
            layers.add(base);
            total += base.size();
        }
        for (int size : layerSizes) {
            byte[] content = new byte[size];
            new java.util.Random().nextBytes(content);
            layers.add(blob(name, OCI_LAYER, content));
            total += size;
        }
        Descriptor config = blob(name, OCI_CONFIG, json(Map.of("architecture", architecture, "os", "linux",
                "created", created, "rootfs", Map.of("type", "layers", "diff_ids", List.of()),
                "nonce", Math.random())));
        byte[] content = manifest(config, null, null, layers.toArray(Descriptor[]::new));
        Digest digest = tag == null ? put(name, null, MediaTypes.OCI_MANIFEST, content)
                : put(name, tag, MediaTypes.OCI_MANIFEST, content);
        return new Pushed(digest, config, total, content.length);
    }

    private Pushed pushArtifact(RepositoryName name, String tag, String artifactType, Pushed subject) {
        Descriptor config = blob(name, EMPTY, "{}".getBytes(UTF_8));
        byte[] payload = ("payload " + Math.random()).getBytes(UTF_8);
        Descriptor layer = blob(name, "application/octet-stream", payload);
        byte[] content = manifest(config, artifactType, subject, layer);
        return new Pushed(put(name, tag, MediaTypes.OCI_MANIFEST, content), config, payload.length, content.length);
    }

    private static byte[] manifest(Descriptor config, String artifactType, Pushed subject, Descriptor... layers) {
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("schemaVersion", 2);
        manifest.put("mediaType", MediaTypes.OCI_MANIFEST);
        if (artifactType != null) {
            manifest.put("artifactType", artifactType);
        }
        manifest.put("config", config);
        manifest.put("layers", List.of(layers));
        if (subject != null) {
            manifest.put("subject", Descriptor.of(MediaTypes.OCI_MANIFEST, subject.digest, subject.manifestSize, null, null));
        }
        return json(manifest);
    }

    private static Map<String, Object> child(Pushed image, Map<String, Object> platform) {
        return Map.of("mediaType", MediaTypes.OCI_MANIFEST, "digest", image.digest.toString(),
                "size", image.manifestSize, "platform", platform);
    }

    private Digest put(RepositoryName name, String tag, String mediaType, byte[] content) {
        Reference reference = tag == null ? new Reference.ByDigest(StorageFixture.digestOf(content)) : Reference.parse(tag);
        return fixture.storage().manifests().put(name, reference, mediaType, content).digest();
    }

    private Descriptor blob(RepositoryName name, String mediaType, byte[] content) {
        Digest digest = fixture.upload(name, content);
        return Descriptor.of(mediaType, digest, content.length, null, null);
    }

    private static byte[] json(Object value) {
        return JSON.writeValueAsBytes(value);
    }
}
