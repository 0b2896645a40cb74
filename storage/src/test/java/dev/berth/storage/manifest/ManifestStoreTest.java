package dev.berth.storage.manifest;

import static dev.berth.storage.StorageFixture.digestOf;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.oci.Descriptor;
import dev.berth.oci.Digest;
import dev.berth.oci.ErrorCode;
import dev.berth.oci.MediaTypes;
import dev.berth.oci.OciException;
import dev.berth.oci.Reference;
import dev.berth.oci.RepositoryName;
import dev.berth.oci.Tag;
import dev.berth.storage.MovableClock;
import dev.berth.storage.RegistryStorage;
import dev.berth.storage.StorageFixture;
import dev.berth.storage.StorageLayout;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

class ManifestStoreTest {
    static final RepositoryName APP = RepositoryName.of("team/app");
    static final RepositoryName OTHER = RepositoryName.of("other");
    static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
    static final String OCI_LAYER = "application/vnd.oci.image.layer.v1.tar+gzip";
    static final String EMPTY_CONFIG = "application/vnd.oci.empty.v1+json";
    static final String SBOM = "application/vnd.example.sbom.v1+json";
    static final String SIGNATURE = "application/vnd.example.signature.v1";
    static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path root;
    StorageFixture fixture;
    RegistryStorage storage;
    ManifestStore manifests;
    Descriptor config;
    Descriptor layer;

    @BeforeEach
    void pushBlobs() {
        fixture = new StorageFixture(root);
        storage = fixture.storage();
        manifests = storage.manifests();
        config = blob(APP, OCI_CONFIG, "{\"architecture\":\"amd64\",\"os\":\"linux\"}");
        layer = blob(APP, OCI_LAYER, "layer bytes");
    }

    // push and get

    @Test
    void imagePushedByTagCanBeFetchedByTagAndByDigest() {
        byte[] content = image(MediaTypes.OCI_MANIFEST, config, layer);

        PushedManifest pushed = manifests.put(APP, tag("v1"), MediaTypes.OCI_MANIFEST, content);

        assertThat(pushed.digest()).isEqualTo(digestOf(content));
        assertThat(pushed.subject()).isEmpty();
        StoredManifest byTag = manifests.get(APP, tag("v1"));
        StoredManifest byDigest = manifests.get(APP, digest(pushed.digest()));
        assertThat(byTag.digest()).isEqualTo(pushed.digest());
        assertThat(byTag.content()).isEqualTo(content);
        assertThat(byTag.mediaType()).isEqualTo(MediaTypes.OCI_MANIFEST);
        assertThat(byDigest.content()).isEqualTo(content);
        assertThat(byDigest.mediaType()).isEqualTo(MediaTypes.OCI_MANIFEST);
    }

    @Test
    void imagePushedByDigestHasNoTag() {
        byte[] content = image(MediaTypes.OCI_MANIFEST, config, layer);

        Digest digest = manifests.put(APP, digest(digestOf(content)), MediaTypes.OCI_MANIFEST, content).digest();

        assertThat(manifests.get(APP, digest(digest)).content()).isEqualTo(content);
        assertThat(storage.tags().list(APP)).isEmpty();
    }

    @Test
    void mediaTypeIsTakenFromTheBodyWhenNoContentTypeIsGiven() {
        byte[] content = image(MediaTypes.OCI_MANIFEST, config, layer);

        manifests.put(APP, tag("v1"), null, content);

        assertThat(manifests.get(APP, tag("v1")).mediaType()).isEqualTo(MediaTypes.OCI_MANIFEST);
    }

    @Test
    void mediaTypeIsTakenFromTheBodyWhenTheContentTypeIsGeneric() {
        byte[] content = image(MediaTypes.OCI_MANIFEST, config, layer);

        manifests.put(APP, tag("v1"), "application/json", content);

        assertThat(manifests.get(APP, tag("v1")).mediaType()).isEqualTo(MediaTypes.OCI_MANIFEST);
    }

    @Test
    void manifestWithoutMediaTypeIsAcceptedUnderAMatchingContentType() {
        byte[] content = image(null, config, layer);

        manifests.put(APP, tag("v1"), MediaTypes.OCI_MANIFEST + "; charset=utf-8", content);

        assertThat(manifests.get(APP, tag("v1")).mediaType()).isEqualTo(MediaTypes.OCI_MANIFEST);
    }

    @Test
    void dockerSchema2ManifestIsAccepted() {
        Descriptor dockerConfig = blob(APP, "application/vnd.docker.container.image.v1+json", "{\"os\":\"linux\"}");
        Descriptor dockerLayer = blob(APP, "application/vnd.docker.image.rootfs.diff.tar.gzip", "docker layer");
        byte[] content = image(MediaTypes.DOCKER_MANIFEST, dockerConfig, dockerLayer);

        manifests.put(APP, tag("latest"), MediaTypes.DOCKER_MANIFEST, content);

        StoredManifest stored = manifests.get(APP, tag("latest"));
        assertThat(stored.mediaType()).isEqualTo(MediaTypes.DOCKER_MANIFEST);
        assertThat(stored.content()).isEqualTo(content);
    }

    @Test
    void indexReferencingPushedChildManifestsIsAccepted() {
        byte[] amd64 = image(MediaTypes.OCI_MANIFEST, config, layer);
        byte[] arm64 = image(MediaTypes.OCI_MANIFEST, config, blob(APP, OCI_LAYER, "arm layer"));
        Digest amd64Digest = manifests.put(APP, digest(digestOf(amd64)), MediaTypes.OCI_MANIFEST, amd64).digest();
        Digest arm64Digest = manifests.put(APP, digest(digestOf(arm64)), MediaTypes.OCI_MANIFEST, arm64).digest();
        byte[] index = index(MediaTypes.OCI_INDEX, child(amd64, "amd64"), child(arm64, "arm64"));

        Digest indexDigest = manifests.put(APP, tag("multi"), MediaTypes.OCI_INDEX, index).digest();

        StoredManifest stored = manifests.get(APP, tag("multi"));
        assertThat(stored.digest()).isEqualTo(indexDigest);
        assertThat(stored.mediaType()).isEqualTo(MediaTypes.OCI_INDEX);
        assertThat(stored.content()).isEqualTo(index);
        assertThat(manifests.get(APP, digest(amd64Digest)).content()).isEqualTo(amd64);
        assertThat(manifests.get(APP, digest(arm64Digest)).content()).isEqualTo(arm64);
    }

    @Test
    void pushingATagAgainMovesItToTheNewManifest() {
        byte[] first = image(MediaTypes.OCI_MANIFEST, config, layer);
        byte[] second = image(MediaTypes.OCI_MANIFEST, config, blob(APP, OCI_LAYER, "v2 layer"));
        Digest firstDigest = manifests.put(APP, tag("latest"), MediaTypes.OCI_MANIFEST, first).digest();

        Digest secondDigest = manifests.put(APP, tag("latest"), MediaTypes.OCI_MANIFEST, second).digest();

        assertThat(manifests.get(APP, tag("latest")).digest()).isEqualTo(secondDigest);
        assertThat(manifests.get(APP, digest(firstDigest)).content()).isEqualTo(first);
    }

    @Test
    void manifestOfOneRepositoryIsUnknownInAnother() {
        byte[] content = image(MediaTypes.OCI_MANIFEST, config, layer);
        Digest digest = manifests.put(APP, tag("v1"), MediaTypes.OCI_MANIFEST, content).digest();

        assertCode(() -> manifests.get(OTHER, tag("v1")), ErrorCode.MANIFEST_UNKNOWN);
        assertCode(() -> manifests.get(OTHER, digest(digest)), ErrorCode.MANIFEST_UNKNOWN);
    }

    @Test
    void unknownTagAndDigestAreManifestUnknown() {
        assertCode(() -> manifests.get(APP, tag("nope")), ErrorCode.MANIFEST_UNKNOWN);
        assertCode(() -> manifests.get(APP, digest(digestOf(new byte[] {1}))), ErrorCode.MANIFEST_UNKNOWN);
    }

    // refused pushes

    @Test
    void indexReferencingAMissingChildIsManifestBlobUnknown() {
        byte[] pushedChild = image(MediaTypes.OCI_MANIFEST, config, layer);
        manifests.put(APP, digest(digestOf(pushedChild)), MediaTypes.OCI_MANIFEST, pushedChild);
        byte[] missingChild = image(MediaTypes.OCI_MANIFEST, config, blob(APP, OCI_LAYER, "never pushed as manifest"));
        byte[] index = index(MediaTypes.OCI_INDEX, child(pushedChild, "amd64"), child(missingChild, "arm64"));

        assertCode(() -> manifests.put(APP, tag("multi"), MediaTypes.OCI_INDEX, index), ErrorCode.MANIFEST_BLOB_UNKNOWN);

        assertNothingStoredFor(index, "multi");
    }

    @Test
    void imageReferencingAMissingLayerIsManifestBlobUnknownAndStoresNothing() {
        Descriptor missing = descriptor(OCI_LAYER, "never uploaded".getBytes(UTF_8));
        byte[] content = image(MediaTypes.OCI_MANIFEST, config, layer, missing);

        assertThatThrownBy(() -> manifests.put(APP, tag("v1"), MediaTypes.OCI_MANIFEST, content))
                .isInstanceOfSatisfying(OciException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.MANIFEST_BLOB_UNKNOWN);
                    assertThat(e.detail()).isEqualTo(Map.of("digest", missing.digest()));
                });

        assertNothingStoredFor(content, "v1");
    }

    @Test
    void imageReferencingAMissingConfigIsManifestBlobUnknown() {
        Descriptor missing = descriptor(OCI_CONFIG, "{}".getBytes(UTF_8));
        byte[] content = image(MediaTypes.OCI_MANIFEST, missing, layer);

        assertCode(() -> manifests.put(APP, tag("v1"), MediaTypes.OCI_MANIFEST, content), ErrorCode.MANIFEST_BLOB_UNKNOWN);
        assertNothingStoredFor(content, "v1");
    }

    @Test
    void imageReferencingALayerLinkedOnlyInAnotherRepositoryIsManifestBlobUnknown() {
        Descriptor elsewhere = blob(OTHER, OCI_LAYER, "other repository's layer");
        byte[] content = image(MediaTypes.OCI_MANIFEST, config, elsewhere);

        assertCode(() -> manifests.put(APP, tag("v1"), MediaTypes.OCI_MANIFEST, content), ErrorCode.MANIFEST_BLOB_UNKNOWN);
    }

    @Test
    void nonDistributableLayersNeedNotBePushed() {
        Descriptor foreign = descriptor("application/vnd.oci.image.layer.nondistributable.v1.tar+gzip",
                "foreign layer".getBytes(UTF_8));
        byte[] content = image(MediaTypes.OCI_MANIFEST, config, layer, foreign);

        manifests.put(APP, tag("v1"), MediaTypes.OCI_MANIFEST, content);

        assertThat(manifests.get(APP, tag("v1")).content()).isEqualTo(content);
    }

    @Test
    void digestReferenceNotMatchingTheContentIsDigestInvalid() {
        byte[] content = image(MediaTypes.OCI_MANIFEST, config, layer);
        Digest wrong = digestOf("something else".getBytes(UTF_8));

        assertCode(() -> manifests.put(APP, digest(wrong), MediaTypes.OCI_MANIFEST, content), ErrorCode.DIGEST_INVALID);

        assertCode(() -> manifests.get(APP, digest(wrong)), ErrorCode.MANIFEST_UNKNOWN);
        assertCode(() -> manifests.get(APP, digest(digestOf(content))), ErrorCode.MANIFEST_UNKNOWN);
    }

    @Test
    void invalidJsonIsManifestInvalid() {
        assertInvalid(MediaTypes.OCI_MANIFEST, "{\"schemaVersion\": 2,");
        assertInvalid(MediaTypes.OCI_MANIFEST, "not json");
        assertInvalid(MediaTypes.OCI_MANIFEST, "");
        assertInvalid(MediaTypes.OCI_MANIFEST, "null");
        assertInvalid(MediaTypes.OCI_MANIFEST, "[1, 2]");
        assertInvalid(MediaTypes.OCI_MANIFEST, json(imageMap(MediaTypes.OCI_MANIFEST, config, layer)) + " trailing");
        assertInvalid(MediaTypes.OCI_MANIFEST, json(imageMap(MediaTypes.OCI_MANIFEST, config, layer)) + "{}");
        assertInvalid(MediaTypes.OCI_MANIFEST, "{\"schemaVersion\": 2, \"layers\": \"not a list\"}");
    }

    @Test
    void schemaVersion1IsManifestInvalid() {
        Map<String, Object> manifest = imageMap(MediaTypes.OCI_MANIFEST, config, layer);
        manifest.put("schemaVersion", 1);
        assertInvalid(MediaTypes.OCI_MANIFEST, json(manifest));

        String schema1 = "{\"schemaVersion\": 1, \"name\": \"team/app\", \"tag\": \"v1\", \"architecture\": \"amd64\","
                + " \"fsLayers\": [], \"history\": []}";
        assertInvalid(MediaTypes.DOCKER_SCHEMA1_SIGNED, schema1);
        assertInvalid(null, schema1);
    }

    @Test
    void missingSchemaVersionIsManifestInvalid() {
        Map<String, Object> manifest = imageMap(MediaTypes.OCI_MANIFEST, config, layer);
        manifest.remove("schemaVersion");

        assertInvalid(MediaTypes.OCI_MANIFEST, json(manifest));
    }

    @Test
    void unsupportedMediaTypeIsManifestInvalid() {
        assertInvalid("application/vnd.example.thing+json",
                json(imageMap("application/vnd.example.thing+json", config, layer)));
        assertInvalid("application/json", json(imageMap(null, config, layer)));
        assertInvalid(null, json(imageMap(null, config, layer)));
    }

    @Test
    void contentTypeDisagreeingWithTheBodysMediaTypeIsManifestInvalid() {
        assertInvalid(MediaTypes.DOCKER_MANIFEST, json(imageMap(MediaTypes.OCI_MANIFEST, config, layer)));
        assertInvalid(MediaTypes.OCI_INDEX, json(imageMap(MediaTypes.OCI_MANIFEST, config, layer)));
    }

    @Test
    void contentTypeDisagreeingWithTheBodysShapeIsManifestInvalid() {
        assertInvalid(MediaTypes.OCI_INDEX, json(imageMap(null, config, layer)));
    }

    @Test
    void imageWithoutConfigOrLayersIsManifestInvalid() {
        Map<String, Object> noConfig = imageMap(MediaTypes.OCI_MANIFEST, config, layer);
        noConfig.remove("config");
        Map<String, Object> noLayers = imageMap(MediaTypes.OCI_MANIFEST, config, layer);
        noLayers.remove("layers");

        assertInvalid(MediaTypes.OCI_MANIFEST, json(noConfig));
        assertInvalid(MediaTypes.OCI_MANIFEST, json(noLayers));
    }

    @Test
    void descriptorWithAMalformedDigestIsManifestInvalid() {
        Descriptor bad = new Descriptor(OCI_LAYER, "sha256:nothex", 3L, null, null, null, null);

        assertInvalid(MediaTypes.OCI_MANIFEST, json(imageMap(MediaTypes.OCI_MANIFEST, config, bad)));
    }

    @Test
    void descriptorWithoutSizeIsManifestInvalid() {
        Descriptor sizeless = new Descriptor(layer.mediaType(), layer.digest(), null, null, null, null, null);

        assertInvalid(MediaTypes.OCI_MANIFEST, json(imageMap(MediaTypes.OCI_MANIFEST, config, sizeless)));
    }

    @Test
    void manifestOverFourMebibytesIsTooLarge() {
        byte[] content = padded(imageMap(MediaTypes.OCI_MANIFEST, config, layer), ManifestStore.MAX_MANIFEST_BYTES + 1);

        assertThatThrownBy(() -> manifests.put(APP, tag("huge"), MediaTypes.OCI_MANIFEST, content))
                .isInstanceOf(ManifestTooLargeException.class);

        assertNothingStoredFor(content, "huge");
    }

    @Test
    void manifestOfExactlyFourMebibytesIsAccepted() {
        byte[] content = padded(imageMap(MediaTypes.OCI_MANIFEST, config, layer), ManifestStore.MAX_MANIFEST_BYTES);

        manifests.put(APP, tag("big"), MediaTypes.OCI_MANIFEST, content);

        assertThat(manifests.get(APP, tag("big")).content()).isEqualTo(content);
    }

    // delete

    @Test
    void deleteByTagRemovesOnlyTheTag() {
        byte[] content = image(MediaTypes.OCI_MANIFEST, config, layer);
        Digest digest = manifests.put(APP, tag("v1"), MediaTypes.OCI_MANIFEST, content).digest();
        manifests.put(APP, tag("stable"), MediaTypes.OCI_MANIFEST, content);

        manifests.delete(APP, tag("v1"));

        assertCode(() -> manifests.get(APP, tag("v1")), ErrorCode.MANIFEST_UNKNOWN);
        assertThat(manifests.get(APP, digest(digest)).content()).isEqualTo(content);
        assertThat(manifests.get(APP, tag("stable")).digest()).isEqualTo(digest);
        assertThat(storage.tags().list(APP)).containsExactly("stable");
    }

    @Test
    void deleteByDigestRemovesTheManifestAndEveryTagPointingAtIt() {
        byte[] doomed = image(MediaTypes.OCI_MANIFEST, config, layer);
        byte[] kept = image(MediaTypes.OCI_MANIFEST, config, blob(APP, OCI_LAYER, "kept layer"));
        Digest doomedDigest = manifests.put(APP, tag("v1"), MediaTypes.OCI_MANIFEST, doomed).digest();
        manifests.put(APP, tag("latest"), MediaTypes.OCI_MANIFEST, doomed);
        Digest keptDigest = manifests.put(APP, tag("v2"), MediaTypes.OCI_MANIFEST, kept).digest();

        manifests.delete(APP, digest(doomedDigest));

        assertCode(() -> manifests.get(APP, digest(doomedDigest)), ErrorCode.MANIFEST_UNKNOWN);
        assertCode(() -> manifests.get(APP, tag("v1")), ErrorCode.MANIFEST_UNKNOWN);
        assertCode(() -> manifests.get(APP, tag("latest")), ErrorCode.MANIFEST_UNKNOWN);
        assertThat(storage.tags().list(APP)).containsExactly("v2");
        assertThat(manifests.get(APP, tag("v2")).digest()).isEqualTo(keptDigest);
    }

    @Test
    void deleteOfAnUnknownManifestIsManifestUnknown() {
        assertCode(() -> manifests.delete(APP, tag("nope")), ErrorCode.MANIFEST_UNKNOWN);
        assertCode(() -> manifests.delete(APP, digest(digestOf(new byte[] {1}))), ErrorCode.MANIFEST_UNKNOWN);
    }

    @Test
    void deletedManifestCanBePushedAgain() {
        byte[] content = image(MediaTypes.OCI_MANIFEST, config, layer);
        Digest digest = manifests.put(APP, tag("v1"), MediaTypes.OCI_MANIFEST, content).digest();
        manifests.delete(APP, digest(digest));

        manifests.put(APP, tag("v1"), MediaTypes.OCI_MANIFEST, content);

        assertThat(manifests.get(APP, tag("v1")).digest()).isEqualTo(digest);
    }

    // referrers

    @Test
    void artifactWithSubjectAndArtifactTypeIsListedAsReferrer() {
        Digest subject = pushImage("v1");
        Descriptor empty = blob(APP, EMPTY_CONFIG, "{}");
        byte[] sbom = artifact(SBOM, empty, subject, Map.of("org.example.kind", "sbom"));

        PushedManifest pushed = manifests.put(APP, digest(digestOf(sbom)), MediaTypes.OCI_MANIFEST, sbom);

        assertThat(pushed.subject()).contains(subject);
        assertThat(manifests.referrers(APP, subject, null)).containsExactly(new Descriptor(MediaTypes.OCI_MANIFEST,
                pushed.digest().toString(), (long) sbom.length, SBOM, Map.of("org.example.kind", "sbom"), null, null));
    }

    @Test
    void referrersCanBeFilteredByArtifactType() {
        Digest subject = pushImage("v1");
        Descriptor empty = blob(APP, EMPTY_CONFIG, "{}");
        byte[] sbom = artifact(SBOM, empty, subject, null);
        byte[] signature = artifact(SIGNATURE, empty, subject, null);
        Digest sbomDigest = manifests.put(APP, digest(digestOf(sbom)), MediaTypes.OCI_MANIFEST, sbom).digest();
        Digest signatureDigest = manifests.put(APP, digest(digestOf(signature)), MediaTypes.OCI_MANIFEST, signature)
                .digest();

        assertThat(manifests.referrers(APP, subject, null)).extracting(Descriptor::digest)
                .containsExactlyInAnyOrder(sbomDigest.toString(), signatureDigest.toString());
        assertThat(manifests.referrers(APP, subject, SBOM)).extracting(Descriptor::digest)
                .containsExactly(sbomDigest.toString());
        assertThat(manifests.referrers(APP, subject, SIGNATURE)).extracting(Descriptor::digest)
                .containsExactly(signatureDigest.toString());
        assertThat(manifests.referrers(APP, subject, "application/vnd.example.none")).isEmpty();
    }

    @Test
    void configMediaTypeIsTheArtifactTypeWhenArtifactTypeIsAbsent() {
        Digest subject = pushImage("v1");
        Descriptor typedConfig = blob(APP, "application/vnd.example.attestation.config+json", "{\"a\":1}");
        byte[] attestation = artifact(null, typedConfig, subject, null);
        manifests.put(APP, digest(digestOf(attestation)), MediaTypes.OCI_MANIFEST, attestation);

        assertThat(manifests.referrers(APP, subject, null)).extracting(Descriptor::artifactType)
                .containsExactly("application/vnd.example.attestation.config+json");
        assertThat(manifests.referrers(APP, subject, "application/vnd.example.attestation.config+json")).hasSize(1);
    }

    @Test
    void subjectNeedNotExist() {
        Digest absent = digestOf("manifest pushed later, or never".getBytes(UTF_8));
        byte[] sbom = artifact(SBOM, blob(APP, EMPTY_CONFIG, "{}"), absent, null);

        PushedManifest pushed = manifests.put(APP, tag("sbom"), MediaTypes.OCI_MANIFEST, sbom);

        assertThat(pushed.subject()).contains(absent);
        assertThat(manifests.referrers(APP, absent, null)).extracting(Descriptor::digest)
                .containsExactly(pushed.digest().toString());
    }

    @Test
    void subjectWithoutReferrersHasAnEmptyList() {
        assertThat(manifests.referrers(APP, pushImage("v1"), null)).isEmpty();
        assertThat(manifests.referrers(APP, digestOf(new byte[] {7}), null)).isEmpty();
    }

    @Test
    void deletedReferrerIsNoLongerListed() {
        Digest subject = pushImage("v1");
        byte[] sbom = artifact(SBOM, blob(APP, EMPTY_CONFIG, "{}"), subject, null);
        Digest sbomDigest = manifests.put(APP, digest(digestOf(sbom)), MediaTypes.OCI_MANIFEST, sbom).digest();

        manifests.delete(APP, digest(sbomDigest));

        assertThat(manifests.referrers(APP, subject, null)).isEmpty();
    }

    @Test
    void referrersAreScopedToTheRepository() {
        Digest subject = pushImage("v1");
        byte[] sbom = artifact(SBOM, blob(APP, EMPTY_CONFIG, "{}"), subject, null);
        manifests.put(APP, digest(digestOf(sbom)), MediaTypes.OCI_MANIFEST, sbom);

        assertThat(manifests.referrers(OTHER, subject, null)).isEmpty();
    }

    // tags

    @Test
    void tagsAreListedSortedLexically() {
        byte[] content = image(MediaTypes.OCI_MANIFEST, config, layer);
        for (String each : List.of("v2", "latest", "v10", "A", "_x", "1.0")) {
            manifests.put(APP, tag(each), MediaTypes.OCI_MANIFEST, content);
        }

        assertThat(storage.tags().list(APP)).containsExactly("1.0", "A", "_x", "latest", "v10", "v2");
    }

    @Test
    void tagFolderLeftWithoutItsLinkByACrashIsNotListed() throws Exception {
        manifests.put(APP, tag("real"), MediaTypes.OCI_MANIFEST, image(MediaTypes.OCI_MANIFEST, config, layer));
        java.nio.file.Files.createDirectories(root.resolve(StorageLayout.tagFolder(APP, new Tag("ghost")) + "/current"));

        assertThat(storage.tags().list(APP)).containsExactly("real");
    }

    @Test
    void aTagKeepsItsPushTimeAndALinkFromBeforeTimesWereKeptFallsBackToTheFileTime() throws Exception {
        MovableClock clock = new MovableClock(java.time.Instant.parse("2030-01-01T00:00:00.123456Z"));
        RegistryStorage timed = new RegistryStorage(storage.driver(), clock);
        Digest digest = pushImage("kept");
        timed.tags().point(APP, new Tag("kept"), digest);
        assertThat(storage.tags().pushedAt(APP, new Tag("kept"))).hasValue(clock.instant());

        java.nio.file.Path old = root.resolve(StorageLayout.tagLink(APP, new Tag("kept")));
        java.nio.file.Files.writeString(old, digest.toString());
        java.time.Instant fileTime = java.time.Instant.parse("2024-05-01T10:00:00Z");
        java.nio.file.Files.setLastModifiedTime(old, java.nio.file.attribute.FileTime.from(fileTime));

        assertThat(storage.tags().resolve(APP, new Tag("kept"))).hasValue(digest);
        assertThat(storage.tags().pushedAt(APP, new Tag("kept"))).hasValue(fileTime);
    }

    @Test
    void repositoryWithoutTagsListsNone() {
        assertThat(storage.tags().list(APP)).isEmpty();
        assertThat(storage.tags().list(RepositoryName.of("never/pushed"))).isEmpty();
    }

    // helpers

    private Digest pushImage(String tag) {
        byte[] content = image(MediaTypes.OCI_MANIFEST, config, layer);
        return manifests.put(APP, tag(tag), MediaTypes.OCI_MANIFEST, content).digest();
    }

    private void assertInvalid(String contentType, String body) {
        byte[] content = body.getBytes(UTF_8);
        assertCode(() -> manifests.put(APP, tag("bad"), contentType, content), ErrorCode.MANIFEST_INVALID);
        assertNothingStoredFor(content, "bad");
    }

    private void assertNothingStoredFor(byte[] content, String tag) {
        Digest digest = digestOf(content);
        assertCode(() -> manifests.get(APP, tag(tag)), ErrorCode.MANIFEST_UNKNOWN);
        assertCode(() -> manifests.get(APP, digest(digest)), ErrorCode.MANIFEST_UNKNOWN);
        assertThat(storage.tags().list(APP)).doesNotContain(tag);
        assertThat(storage.blobs().size(digest)).isEmpty();
        assertThat(storage.driver().exists(StorageLayout.revisionFolder(APP, digest))).isFalse();
        assertThat(storage.driver().exists(StorageLayout.tagFolder(APP, new Tag(tag)))).isFalse();
    }

    private static void assertCode(ThrowingCallable call, ErrorCode code) {
        assertThatThrownBy(call).isInstanceOfSatisfying(OciException.class, e -> assertThat(e.code()).isEqualTo(code));
    }

    private Descriptor blob(RepositoryName name, String mediaType, String content) {
        byte[] bytes = content.getBytes(UTF_8);
        fixture.upload(name, bytes);
        return descriptor(mediaType, bytes);
    }

    private static Descriptor descriptor(String mediaType, byte[] content) {
        return Descriptor.of(mediaType, digestOf(content), content.length, null, null);
    }

    private static Reference tag(String value) {
        return Reference.parse(value);
    }

    private static Reference digest(Digest digest) {
        return new Reference.ByDigest(digest);
    }

    private static Map<String, Object> imageMap(String mediaType, Descriptor config, Descriptor... layers) {
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("schemaVersion", 2);
        if (mediaType != null) {
            manifest.put("mediaType", mediaType);
        }
        manifest.put("config", config);
        manifest.put("layers", List.of(layers));
        return manifest;
    }

    private static byte[] image(String mediaType, Descriptor config, Descriptor... layers) {
        return json(imageMap(mediaType, config, layers)).getBytes(UTF_8);
    }

    private static byte[] artifact(String artifactType, Descriptor config, Digest subject,
                                   Map<String, String> annotations) {
        Map<String, Object> manifest = imageMap(MediaTypes.OCI_MANIFEST, config,
                descriptor("application/vnd.example.payload", ("payload of " + artifactType).getBytes(UTF_8)));
        manifest.put("layers", List.of());
        if (artifactType != null) {
            manifest.put("artifactType", artifactType);
        }
        manifest.put("subject", Map.of("mediaType", MediaTypes.OCI_MANIFEST, "digest", subject.toString(), "size", 123));
        if (annotations != null) {
            manifest.put("annotations", annotations);
        }
        return json(manifest).getBytes(UTF_8);
    }

    private static Map<String, Object> child(byte[] manifest, String architecture) {
        return Map.of("mediaType", MediaTypes.OCI_MANIFEST, "digest", digestOf(manifest).toString(),
                "size", manifest.length, "platform", Map.of("architecture", architecture, "os", "linux"));
    }

    @SafeVarargs
    private static byte[] index(String mediaType, Map<String, Object>... children) {
        Map<String, Object> index = new LinkedHashMap<>();
        index.put("schemaVersion", 2);
        index.put("mediaType", mediaType);
        index.put("manifests", List.of(children));
        return json(index).getBytes(UTF_8);
    }

    /** The manifest, padded with an annotation to exactly {@code length} bytes. */
    private static byte[] padded(Map<String, Object> manifest, int length) {
        manifest.put("annotations", Map.of("padding", ""));
        int unpadded = json(manifest).getBytes(UTF_8).length;
        manifest.put("annotations", Map.of("padding", "x".repeat(length - unpadded)));
        byte[] content = json(manifest).getBytes(UTF_8);
        assertThat(content).hasSize(length);
        return content;
    }

    private static String json(Object value) {
        return JSON.writeValueAsString(value);
    }
}
