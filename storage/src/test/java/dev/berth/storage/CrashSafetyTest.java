package dev.berth.storage;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.Descriptor;
import dev.berth.oci.Digest;
import dev.berth.oci.MediaTypes;
import dev.berth.oci.Reference;
import dev.berth.oci.RepositoryName;
import dev.berth.oci.Tag;
import dev.berth.storage.UploadId;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process killed with SIGKILL at any moment leaves the store consistent: a tag reads as the old or
 * the new manifest, never torn or empty, and an upload continues from its last recorded offset with a
 * hash state that matches its data.
 */
class CrashSafetyTest {
    static final RepositoryName APP = RepositoryName.of("team/app");
    static final Tag LATEST = new Tag("latest");
    static final int ROUNDS = 5;

    @TempDir
    Path root;

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void killedWriterLeavesTagsWholeAndUploadsResumable() throws Exception {
        StorageFixture fixture = new StorageFixture(root);
        Digest first = pushImage(fixture, "first layer");
        Digest second = pushImage(fixture, "second layer");
        fixture.storage().tags().point(APP, LATEST, first);
        UploadId upload = fixture.storage().uploads().start(APP).id();
        long seed = System.nanoTime();
        Random random = new Random(seed);
        long lastOffset = 0;

        for (int round = 0; round < ROUNDS; round++) {
            runAndKill(List.of(root.toString(), APP.value(), LATEST.value(), first.toString(), second.toString(),
                    upload.value()), random.nextInt(200));

            RegistryStorage restarted = StorageFixture.open(root);
            Digest tagged = restarted.manifests().get(APP, Reference.parse(LATEST.value())).digest();
            assertThat(tagged).as("tag after kill in round %d (seed %d)", round, seed).isIn(first, second);
            assertThat(restarted.tags().list(APP)).containsExactly(LATEST.value());
            long offset = restarted.uploads().status(APP, upload).offset();
            assertThat(offset).as("the worker appended at least one chunk after the last kill (seed %d)", seed)
                    .isGreaterThan(lastOffset);
            lastOffset = offset;
        }

        RegistryStorage restarted = StorageFixture.open(root);
        long offset = restarted.uploads().status(APP, upload).offset();
        byte[] tail = CrashWorker.content(offset, 12_345);
        restarted.uploads().append(APP, upload, OptionalLong.of(offset), OptionalLong.of(tail.length),
                new ByteArrayInputStream(tail));
        Digest expected = digestOfContent(offset + tail.length);
        Digest completed = restarted.uploads().complete(APP, upload, expected, OptionalLong.empty(), null);

        assertThat(completed).isEqualTo(expected);
        assertThat(restarted.blobs().sizeIn(APP, expected)).isEqualTo(offset + tail.length);
    }

    private static void runAndKill(List<String> arguments, long delayMillis) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx128m", "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), CrashWorker.class.getName()));
        command.addAll(arguments);
        Process worker = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (BufferedReader output = new BufferedReader(new InputStreamReader(worker.getInputStream(), UTF_8))) {
            String first = output.readLine();
            if (!CrashWorker.READY.equals(first)) {
                StringBuilder rest = new StringBuilder(String.valueOf(first));
                output.lines().forEach(line -> rest.append('\n').append(line));
                throw new AssertionError("worker did not start:\n" + rest);
            }
            Thread.sleep(delayMillis);
            assertThat(worker.isAlive()).as("worker still running when killed").isTrue();
        } finally {
            worker.destroyForcibly();
            worker.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static Digest pushImage(StorageFixture fixture, String layerContent) {
        Descriptor config = blob(fixture, "application/vnd.oci.image.config.v1+json", "{\"os\":\"linux\"}");
        Descriptor layer = blob(fixture, "application/vnd.oci.image.layer.v1.tar", layerContent);
        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"config\":"
                + descriptorJson(config) + ",\"layers\":[" + descriptorJson(layer) + "]}";
        byte[] content = manifest.getBytes(UTF_8);
        return fixture.storage().manifests()
                .put(APP, new Reference.ByDigest(StorageFixture.digestOf(content)), MediaTypes.OCI_MANIFEST, content)
                .digest();
    }

    private static Descriptor blob(StorageFixture fixture, String mediaType, String content) {
        byte[] bytes = content.getBytes(UTF_8);
        Digest digest = fixture.upload(APP, bytes);
        return Descriptor.of(mediaType, digest, bytes.length, null, null);
    }

    private static String descriptorJson(Descriptor descriptor) {
        return "{\"mediaType\":\"" + descriptor.mediaType() + "\",\"digest\":\"" + descriptor.digest()
                + "\",\"size\":" + descriptor.size() + "}";
    }

    private static Digest digestOfContent(long length) throws Exception {
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        for (long at = 0; at < length; at += 1 << 20) {
            sha256.update(CrashWorker.content(at, (int) Math.min(1 << 20, length - at)));
        }
        return Digest.sha256(sha256.digest());
    }
}
