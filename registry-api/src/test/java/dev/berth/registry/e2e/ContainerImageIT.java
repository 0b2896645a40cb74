package dev.berth.registry.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The project's {@code Dockerfile}, built and run as a site would: the base images come in through
 * the {@code BUILD_IMAGE} and {@code RUNTIME_IMAGE} build arguments (here one made from this
 * machine's JDK, {@link JdkBaseImage}, since Docker Hub is out of reach), Maven dependencies through
 * {@code MAVEN_MIRROR} ({@link MavenMirror}). The image then runs, its {@code HEALTHCHECK} reports
 * healthy, and the real docker client pushes through it and pulls back.
 *
 * <p>Docker's build cache and the base image are kept between runs (only what changed is
 * rebuilt); the container, its volume, the built image and the images pushed are removed.
 */
class ContainerImageIT {
    private static final String RUN_ID = UUID.randomUUID().toString().substring(0, 8);
    private static final String IMAGE = "berth-test/registry:" + RUN_ID;
    /** The numeric user the Dockerfile runs Berth as. */
    private static final int BERTH_UID = 10001;

    private static final DockerCli docker = new DockerCli(Duration.ofMinutes(2));
    private static final List<String> createdImages = new ArrayList<>();

    @TempDir
    static Path buildContexts;

    private static String buildOutput;
    private static String container;
    private static String registry;

    @BeforeAll
    static void buildTheImageAndRunIt() {
        docker.requireDaemonAndBusybox();
        Instant start = Instant.now();
        String base = JdkBaseImage.ensure(docker, JdkBaseImage.preferredJdk());
        Instant based = Instant.now();
        createdImages.add(IMAGE);
        try (MavenMirror mirror = MavenMirror.start()) {
            // The build containers share the host's network, so they reach the mirror on 127.0.0.1;
            // --force-rm: a failing step leaves no stopped container behind.
            buildOutput = new DockerCli(Duration.ofMinutes(10)).run("build", "--force-rm", "--network", "host",
                    "--build-arg", "BUILD_IMAGE=" + base, "--build-arg", "RUNTIME_IMAGE=" + base,
                    "--build-arg", "MAVEN_MIRROR=" + mirror.url(), "--tag", IMAGE, projectRoot().toString()).stdout();
            System.out.printf("ContainerImageIT: base image %s in %d s, docker build in %d s (%s)%n", base,
                    Duration.between(start, based).toSeconds(), Duration.between(based, Instant.now()).toSeconds(),
                    mirror.describe());
        }
        // A short health interval, so the test need not wait the image's 15 s for the first check.
        container = docker.run("run", "--detach", "--health-interval", "1s", "--publish", "127.0.0.1::5000", IMAGE)
                .stdout().strip();
        registry = docker.run("port", container, "5000/tcp").stdout().lines().findFirst().orElseThrow().strip();
        awaitHealthy(Duration.ofSeconds(90));
    }

    @AfterAll
    static void removeContainerAndImages() {
        if (container != null) {
            docker.attempt("rm", "--force", "--volumes", container);
        }
        docker.removeImages(createdImages);
    }

    @Test
    void healthCheckAsksTheRegistryInTheContainer() {
        String log = docker.run("inspect", "--format", "{{range .State.Health.Log}}{{.ExitCode}} {{.Output}}{{end}}",
                container).stdout();

        assertThat(log).contains("0 GET http://127.0.0.1:5000/actuator/health/liveness: 200");
        assertThat(inspect("{{json .Config.Healthcheck.Test}}"))
                .contains("dev.berth.registry.container.HealthProbe").doesNotContain("curl", "wget");
    }

    @Test
    void imagePushedThroughTheContainerIsPulledBackAndRuns() {
        String content = "berth-image-" + UUID.randomUUID();
        String localTag = "berth-image-test-" + RUN_ID + "/app:build";
        String reference = registry + "/team/app:1";
        createdImages.add(localTag);
        createdImages.add(reference);
        docker.buildPrintingImage(localTag, content, buildContexts);
        docker.run("tag", localTag, reference);

        docker.run("push", reference);
        docker.run("rmi", localTag, reference);
        docker.run("pull", reference);

        assertThat(docker.run("run", "--rm", reference).stdout().strip()).isEqualTo(content);
    }

    @Test
    void registryRunsAsAnUnprivilegedUserWithItsDataInTheVolume() throws IOException {
        String pid = inspect("{{.State.Pid}}");
        assertThat(Files.readAllLines(Path.of("/proc", pid, "status")))
                .as("the registry process's user ids (real, effective, saved, filesystem)")
                .contains("Uid:\t" + BERTH_UID + "\t" + BERTH_UID + "\t" + BERTH_UID + "\t" + BERTH_UID);

        docker.buildPrintingImage("berth-image-test-" + RUN_ID + "/data:build", "data", buildContexts);
        createdImages.add("berth-image-test-" + RUN_ID + "/data:build");
        String reference = registry + "/team/data:1";
        createdImages.add(reference);
        docker.run("tag", "berth-image-test-" + RUN_ID + "/data:build", reference);
        docker.run("push", reference);

        // The anonymous volume at /data, seen from the host: blobs are there, owned by that user.
        String volume = inspect("{{range .Mounts}}{{if eq .Destination \"/data\"}}{{.Source}}{{end}}{{end}}");
        assertThat(volume).as("a volume is mounted at /data").isNotBlank();
        Path blobs = Path.of(volume, "blobs");
        assertThat(blobs).isDirectory();
        assertThat(Files.getAttribute(blobs, "unix:uid")).isEqualTo(BERTH_UID);
    }

    @Test
    void buildContextLeavesOutBuildOutput() {
        // The tests run after the modules are compiled: target/ folders hold classes, jars and
        // s3proxy (tens of MB). .dockerignore keeps them, and any data folder, out of the context.
        Matcher sent = Pattern.compile("Sending build context to Docker daemon\\s+([0-9.]+)([kMG]?B)").matcher(buildOutput);
        assertThat(sent.find()).as(buildOutput).isTrue();
        double megabytes = Double.parseDouble(sent.group(1)) * switch (sent.group(2)) {
            case "GB" -> 1000;
            case "MB" -> 1;
            case "kB" -> 0.001;
            default -> 0.000001;
        };
        assertThat(megabytes).as("build context size in MB").isLessThan(5);
    }

    @Test
    void librariesAndTheApplicationAreSeparateLayers() {
        // docker history lists the newest layer first; the Dockerfile copies the jar's layers into
        // /app in the order dependencies, spring-boot-loader, snapshot-dependencies, application.
        List<Long> copiedIntoApp = new ArrayList<>(docker.run("history", "--no-trunc", "--human=false",
                        "--format", "{{.Size}} {{.CreatedBy}}", IMAGE).stdout().lines()
                .filter(layer -> layer.contains(" COPY ") && layer.endsWith(" in ./ "))
                .map(layer -> Long.parseLong(layer.substring(0, layer.indexOf(' '))))
                .toList());
        Collections.reverse(copiedIntoApp);

        assertThat(copiedIntoApp).hasSize(4);
        assertThat(copiedIntoApp.get(0)).as("the libraries' layer").isGreaterThan(20_000_000L);
        assertThat(copiedIntoApp.get(3)).as("Berth's own classes: what an upgrade ships").isBetween(1L, 5_000_000L);
    }

    private static String inspect(String format) {
        return docker.run("inspect", "--format", format, container).stdout().strip();
    }

    private static void awaitHealthy(Duration limit) {
        Instant deadline = Instant.now().plus(limit);
        String status = "";
        while (Instant.now().isBefore(deadline)) {
            status = inspect("{{.State.Status}} {{.State.Health.Status}}");
            if (status.equals("running healthy") || !status.startsWith("running")) {
                break;
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
        if (!status.equals("running healthy")) {
            throw new AssertionError("container not healthy within " + limit + " (" + status + ")\n--- health ---\n"
                    + inspect("{{json .State.Health}}") + "\n--- logs ---\n" + docker.attempt("logs", container).describe());
        }
    }

    /** The folder with the Dockerfile and the root pom; tests run in a module folder. */
    private static Path projectRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("Dockerfile")) && Files.isRegularFile(dir.resolve("mvnw"))) {
                return dir;
            }
        }
        throw new AssertionError("no Dockerfile above " + Path.of("").toAbsolutePath());
    }
}
