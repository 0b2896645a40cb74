package dev.berth.registry.testsupport;

import dev.berth.registry.BerthApplication;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code java -jar berth.jar ARGS} as a person runs it: a child JVM on the test class path, its exit
 * status and everything it printed. For runs that end by themselves (a command, a start-up failure).
 */
public final class BerthProcess {
    public record Result(int exitCode, String output) {
    }

    /**
     * target/classes may still hold the bean definitions an earlier package generated (Spring AOT),
     * stale once a bean changed; the jar's own start on them is AheadOfTimeStartIT's to test.
     */
    public static final String NO_GENERATED_BEANS = "-Dspring.aot.enabled=false";

    private BerthProcess() {
    }

    public static Result run(Path workingFolder, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-Xshare:auto", NO_GENERATED_BEANS, "-cp", System.getProperty("java.class.path"),
                BerthApplication.class.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(workingFolder.toFile()).redirectErrorStream(true).start();
        process.getOutputStream().close();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("berth " + String.join(" ", args) + " did not end:\n"
                    + new String(output, StandardCharsets.UTF_8));
        }
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }
}
