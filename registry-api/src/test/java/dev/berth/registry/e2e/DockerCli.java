package dev.berth.registry.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.UUID;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs the real {@code docker} command line client: one command at a time, bounded by a timeout,
 * with its output captured. {@link #run} fails the test when the command exits non-zero, with the
 * command and everything it printed in the message.
 */
final class DockerCli {
    /** Debian's static busybox: the one program the test images are built from. */
    static final Path STATIC_BUSYBOX = Path.of("/bin/busybox");
    /**
     * Every image this test JVM builds carries {@code dev.berth.test.run=<RUN>}, and so do the copies
     * pulled back from a registry and the containers run from them (both inherit the image's labels).
     * Tests remove what they made; what a failing or interrupted test left is swept by that label
     * when the JVM exits ({@link #removeWhatThisRunMade}), never another run's images.
     */
    static final String RUN_LABEL = "dev.berth.test.run";
    static final String RUN = UUID.randomUUID().toString().substring(0, 8);

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> new DockerCli(Duration.ofMinutes(1)).removeWhatThisRunMade(),
                "remove-test-images"));
    }
    private static final FileTime FIXED_TIME = FileTime.from(Instant.parse("2020-01-01T00:00:00Z"));

    /** Fails (never skips) unless the daemon answers and busybox-static is installed; .ci/run provides both. */
    void requireDaemonAndBusybox() {
        Result info = attempt("info", "--format", "{{.ServerVersion}}");
        org.assertj.core.api.Assertions.assertThat(info.succeeded())
                .as("these tests need a running docker daemon (.ci/run starts one): %s", info.describe())
                .isTrue();
        org.assertj.core.api.Assertions.assertThat(STATIC_BUSYBOX)
                .as("Debian's busybox-static (.ci/run installs it)").isRegularFile();
    }

    /** The digest under which the image {@code reference} names was pushed or pulled. */
    String repoDigest(String reference) {
        String repoDigest = run("image", "inspect", "--format", "{{index .RepoDigests 0}}", reference).stdout().strip();
        return repoDigest.substring(repoDigest.indexOf('@') + 1);
    }

    /**
     * Builds a printing image (see {@link #buildPrintingImage}) as {@code built}, pushes it as
     * {@code pushed} and returns its digest; both tags stay for the caller to remove.
     */
    String pushPrintingImage(String built, String pushed, String content, Path contexts) {
        buildPrintingImage(built, content, contexts);
        run("tag", built, pushed);
        run("push", pushed);
        return repoDigest(pushed);
    }

    /**
     * Removes, from the machine's daemon, the containers and images labelled with this run's
     * {@link #RUN}: tagged, pulled by digest only, or left dangling by a forced removal.
     */
    void removeWhatThisRunMade() {
        String filter = "label=" + RUN_LABEL + "=" + RUN;
        List<String> containers = attempt("ps", "--all", "--quiet", "--filter", filter).stdout().lines().toList();
        if (!containers.isEmpty()) {
            List<String> args = new ArrayList<>(List.of("rm", "--force", "--volumes"));
            args.addAll(containers);
            attempt(args.toArray(String[]::new));
        }
        List<String> images = attempt("images", "--all", "--quiet", "--no-trunc", "--filter", filter).stdout().lines()
                .distinct().toList();
        if (!images.isEmpty()) {
            List<String> args = new ArrayList<>(List.of("rmi", "--force"));
            args.addAll(images);
            attempt(args.toArray(String[]::new));
        }
    }

    /**
     * Removes the local images a test class created, and forgets them. Removed by image id: removing
     * only a tag leaves an image that was pushed or pulled in the daemon, untagged, under its
     * {@code registry/repository@digest} (as when a test moves its tag to another image).
     */
    void removeImages(List<String> references) {
        if (!references.isEmpty()) {
            List<String> args = new ArrayList<>(List.of("rmi", "--force"));
            for (String reference : references) {
                Result id = attempt("image", "inspect", "--format", "{{.Id}}", reference);
                args.add(id.succeeded() ? id.stdout().strip() : reference);
            }
            attempt(args.stream().distinct().toArray(String[]::new));
            references.clear();
        }
    }


    /** What one finished command printed and how it exited. */
    record Result(List<String> command, int exitCode, String stdout, String stderr) {

        boolean succeeded() {
            return exitCode == 0;
        }

        String describe() {
            return String.join(" ", command) + "\nexit code: " + exitCode
                    + "\n--- stdout ---\n" + stdout + "\n--- stderr ---\n" + stderr;
        }
    }

    private final Duration timeout;
    /** The client's configuration folder (where {@code docker login} keeps credentials), or null for the default. */
    private final Path config;
    /** The daemon it talks to ({@code DOCKER_HOST}), or null for the machine's own. */
    private final String host;

    DockerCli(Duration timeout) {
        this(timeout, null, null);
    }

    private DockerCli(Duration timeout, Path config, String host) {
        this.timeout = timeout;
        this.config = config;
        this.host = host;
    }

    /**
     * The same client with its own {@code DOCKER_CONFIG} folder: logins made through it stay there,
     * never in {@code ~/.docker}.
     */
    DockerCli withConfig(Path folder) {
        return new DockerCli(timeout, folder, host);
    }

    /** The same client talking to another daemon, e.g. {@code unix:///tmp/x/docker.sock}. */
    DockerCli withHost(String dockerHost) {
        return new DockerCli(timeout, config, dockerHost);
    }

    /** Runs {@code docker args...} and fails unless it exits with 0. */
    Result run(String... args) {
        Result result = attempt(args);
        if (!result.succeeded()) {
            throw new AssertionError("docker command failed: " + result.describe());
        }
        return result;
    }

    /** Runs {@code docker args...} and returns whatever happened (a non-zero exit is no failure). */
    Result attempt(String... args) {
        return execute(docker(args), null, null);
    }

    /** What a command reads on its standard input, written as it runs (e.g. a tar for {@code docker import -}). */
    @FunctionalInterface
    interface Input {
        void writeTo(OutputStream stdin) throws IOException;
    }

    /** Runs {@code docker args...} with {@code input} on its standard input, and fails unless it exits with 0. */
    Result run(Input input, String... args) {
        Result result = execute(docker(args), null, input);
        if (!result.succeeded()) {
            throw new AssertionError("docker command failed: " + result.describe());
        }
        return result;
    }

    private static List<String> docker(String... args) {
        List<String> command = new ArrayList<>(args.length + 1);
        command.add("docker");
        command.addAll(List.of(args));
        return command;
    }

    /**
     * Builds, tagged {@code tag}, a two-layer image FROM scratch that prints {@code content}: the
     * static busybox (same bytes, mode and time every build, so every such image shares that layer
     * byte for byte; it goes to /busybox, not /bin/busybox, because a parent folder made by COPY
     * gets the build's time) and a file holding the content, in a new folder inside {@code contexts}.
     */
    void buildPrintingImage(String tag, String content, Path contexts) {
        try {
            Path context = Files.createDirectory(contexts.resolve("build-" + UUID.randomUUID()));
            Path busybox = Files.copy(STATIC_BUSYBOX, context.resolve("busybox"), StandardCopyOption.COPY_ATTRIBUTES);
            Files.setLastModifiedTime(busybox, FIXED_TIME);
            Files.writeString(context.resolve("content.txt"), content);
            Files.writeString(context.resolve("Dockerfile"), """
                    FROM scratch
                    COPY busybox /busybox
                    COPY content.txt /content.txt
                    CMD ["/busybox", "cat", "/content.txt"]
                    """);
            build(tag, context);
        } catch (IOException e) {
            throw new AssertionError("cannot prepare the build context", e);
        }
    }

    /** {@code DOCKER_BUILDKIT=0 docker build -t tag contextDir}: the legacy builder (no buildx here). */
    Result build(String tag, Path contextDir) {
        List<String> command = List.of("docker", "build", "--label", RUN_LABEL + "=" + RUN, "--tag", tag,
                contextDir.toString());
        Result result = execute(command, contextDir, null);
        if (!result.succeeded()) {
            throw new AssertionError("docker build failed: " + result.describe());
        }
        return result;
    }

    private Result execute(List<String> command, Path workingDirectory, Input input) {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("DOCKER_BUILDKIT", "0");
        if (config != null) {
            builder.environment().put("DOCKER_CONFIG", config.toString());
        }
        if (host != null) {
            builder.environment().put("DOCKER_HOST", host);
        }
        if (workingDirectory != null) {
            builder.directory(workingDirectory.toFile());
        }
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new AssertionError("cannot start " + String.join(" ", command)
                    + " (is the docker CLI installed? .ci/run installs docker.io)", e);
        }
        FutureTask<String> stdout = readFully(process.getInputStream(), "stdout");
        FutureTask<String> stderr = readFully(process.getErrorStream(), "stderr");
        try {
            if (input != null) {
                try (OutputStream stdin = process.getOutputStream()) {
                    input.writeTo(stdin);
                } catch (IOException e) {
                    process.destroyForcibly();
                    throw new AssertionError("cannot write the input of " + String.join(" ", command)
                            + "\n--- stderr so far ---\n" + soFar(stderr), e);
                }
            }
            closeQuietly(process);
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError("timed out after " + timeout + ": " + String.join(" ", command)
                        + "\n--- stdout so far ---\n" + soFar(stdout) + "\n--- stderr so far ---\n"
                        + soFar(stderr));
            }
            return new Result(List.copyOf(command), process.exitValue(),
                    stdout.get(10, TimeUnit.SECONDS), stderr.get(10, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + String.join(" ", command), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("cannot read the output of " + String.join(" ", command), e);
        }
    }

    /** The command gets no standard input. */
    private static void closeQuietly(Process process) {
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // nothing to tell the process
        }
    }

    /** Drains one output stream on a thread of its own, so neither pipe can fill up and block the command. */
    private static FutureTask<String> readFully(InputStream stream, String name) {
        FutureTask<String> task = new FutureTask<>(() -> {
            try (stream) {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            }
        });
        Thread reader = new Thread(task, "docker-cli-" + name);
        reader.setDaemon(true);
        reader.start();
        return task;
    }

    private static String soFar(FutureTask<String> output) {
        try {
            return output.get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            return "(not available)";
        }
    }
}
