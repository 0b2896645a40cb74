package dev.berth.registry.e2e;

import static dev.berth.registry.api.RegistryClient.OCI_MANIFEST;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.api.RegistryClient;
import dev.berth.registry.api.RegistryClient.Image;
import dev.berth.registry.testsupport.Closing;
import dev.berth.registry.testsupport.RegistryInstance;
import dev.berth.registry.testsupport.TestStorage;
import java.nio.charset.StandardCharsets;
import java.util.List;
import land.oras.ArtifactType;
import land.oras.ContainerRef;
import land.oras.Index;
import land.oras.Layer;
import land.oras.Manifest;
import land.oras.ManifestDescriptor;
import land.oras.Referrers;
import land.oras.Registry;
import land.oras.Subject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An SBOM attached to an image with {@code subject}, by a real client library (the ORAS Java
 * SDK): found again through the referrers API, and through the referrers tag schema's fallback
 * tag ({@code sha256-<hex>}) that clients of registries without the API maintain.
 */
class OrasReferrersEndToEndIT {
    private static final String SBOM = "application/spdx+json";

    private static TestStorage storage;
    private static RegistryInstance berth;
    private static RegistryClient http;
    private static Registry oras;
    private static String host;

    @BeforeAll
    static void start() {
        storage = TestStorage.filesystem();
        berth = RegistryInstance.start(storage);
        http = new RegistryClient(berth.base().getPort());
        host = "127.0.0.1:" + berth.base().getPort();
        oras = Registry.builder().insecure().build();
    }

    @AfterAll
    static void stop() {
        Closing.quietly(berth, storage);
    }

    @Test
    void sbomAttachedWithOrasIsFoundThroughTheReferrersApiAndTheFallbackTag() {
        Image image = http.pushImage("team/app", "1");
        ContainerRef repository = ContainerRef.parse(host + "/team/app:sbom");

        Layer emptyConfig = oras.pushBlob(repository, "{}".getBytes(StandardCharsets.UTF_8));
        Layer sbom = oras.pushBlob(repository, "{\"spdxVersion\":\"SPDX-2.3\"}".getBytes(StandardCharsets.UTF_8))
                .withMediaType(SBOM);
        Manifest attached = oras.pushManifest(repository, Manifest.empty()
                .withArtifactType(ArtifactType.from(SBOM))
                .withConfig(land.oras.Config.empty())
                .withLayers(List.of(sbom))
                .withSubject(Subject.of(OCI_MANIFEST, image.digest(), image.manifest().size())));
        assertThat(emptyConfig.getDigest()).isEqualTo(RegistryClient.sha256("{}".getBytes(StandardCharsets.UTF_8)));

        Referrers referrers = oras.getReferrers(ContainerRef.parse(host + "/team/app@" + image.digest()),
                ArtifactType.from(SBOM));
        assertThat(referrers.getManifests()).extracting(ManifestDescriptor::getDigest)
                .containsExactly(attached.getDigest());

        // The referrers tag schema: an index of the referrers under <alg>-<hex> of the subject.
        String fallbackTag = image.digest().replace(':', '-');
        ContainerRef fallback = ContainerRef.parse(host + "/team/app:" + fallbackTag);
        oras.pushIndex(fallback, Index.fromManifests(referrers.getManifests()));
        assertThat(oras.getIndex(fallback).getManifests()).extracting(ManifestDescriptor::getDigest)
                .containsExactly(attached.getDigest());
    }
}
