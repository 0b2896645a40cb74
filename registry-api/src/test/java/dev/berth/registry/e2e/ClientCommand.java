package dev.berth.registry.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One registry client program (skopeo, podman, buildah), run with arguments; a missing program is
 * a failure that names the Debian package, never a skip ({@code .ci/run} installs them).
 */
final class ClientCommand {
    private final String program;
    private final List<String> fixedArguments;
    private final Duration timeout;

    ClientCommand(String program, Duration timeout, String... fixedArguments) {
        this.program = program;
        this.timeout = timeout;
        this.fixedArguments = List.of(fixedArguments);
    }

    record Result(String command, int exitCode, String stdout, String stderr) {
        String describe() {
            return command + "\nexit code: " + exitCode + "\n--- stdout ---\n" + stdout + "\n--- stderr ---\n" + stderr;
        }
    }

    /** The program's version line, e.g. {@code skopeo version 1.9.3}; fails when it is not installed. */
    String version() {
        return run("--version").stdout().strip();
    }

    /** Runs the program and fails unless it exits with 0. */
    Result run(String... arguments) {
        Result result = attempt(arguments);
        if (result.exitCode() != 0) {
            throw new AssertionError(program + " failed: " + result.describe());
        }
        return result;
    }

    Result attempt(String... arguments) {
        List<String> command = new ArrayList<>();
        command.add(program);
        command.addAll(fixedArguments);
        command.addAll(List.of(arguments));
        Process process;
        try {
            process = new ProcessBuilder(command).start();
        } catch (IOException e) {
            throw new AssertionError(program + " is not installed (.ci/run installs the Debian package " + program + ")", e);
        }
        try {
            process.getOutputStream().close();
            CompletableFuture<String> stdout = drain(process.getInputStream());
            CompletableFuture<String> stderr = drain(process.getErrorStream());
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("timed out after " + timeout + ": " + String.join(" ", command));
            }
            return new Result(String.join(" ", command), process.exitValue(), stdout.get(10, TimeUnit.SECONDS),
                    stderr.get(10, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted: " + String.join(" ", command), e);
        } catch (Exception e) {
            process.destroyForcibly();
            throw new AssertionError("cannot run " + String.join(" ", command), e);
        }
    }

    private static CompletableFuture<String> drain(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (stream) {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "(unreadable: " + e.getMessage() + ")";
            }
        });
    }
}
