package dev.berth.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * The packages of the application form layers (docs/development.md): each imports only from the
 * layers below its own, so there is no circle and no arrow running back up. Read from the compiled
 * classes by the JDK's {@code jdeps}, the tool a developer runs to see the same picture:
 * {@code jdeps -verbose:package -e 'dev\.berth\.registry.*' registry-api/target/classes}.
 */
class PackageLayersTest {
    private static final String BASE = "dev.berth.registry";
    /**
     * Top to bottom; "" is the application's own package. A new package goes where it belongs: a
     * feature with the features, something features share below them ({@code remote}, a client of
     * other registries the mirror and replication use, is placed there ahead of its arrival).
     */
    private static final List<List<String>> LAYERS = List.of(
            List.of(""),
            List.of("cli", "api"),
            List.of("api.blob", "api.manifest", "api.upload", "api.discovery", "api.error", "browse", "mirror",
                    "replication", "maintenance", "retention", "audit", "events", "observability", "quota",
                    "startup", "container", "fairness"),
            List.of("content", "access", "remote"),
            List.of("route", "config"));
    private static final Pattern EDGE =
            Pattern.compile("^\\s+(dev\\.berth\\.registry\\S*)\\s+->\\s+(dev\\.berth\\.registry\\S*)\\s");

    @Test
    void everyPackageImportsOnlyFromTheLayersBelowIt() {
        Map<String, Integer> layerOf = new HashMap<>();
        for (int i = 0; i < LAYERS.size(); i++) {
            for (String name : LAYERS.get(i)) {
                layerOf.put(name, i);
            }
        }
        List<String> edges = edges();
        assertThat(edges).as("jdeps found the application's package dependencies").isNotEmpty();

        List<String> unplaced = new ArrayList<>();
        List<String> upOrAcross = new ArrayList<>();
        for (String edge : edges) {
            String[] ends = edge.split(" -> ");
            Integer from = layerOf.get(ends[0]);
            Integer to = layerOf.get(ends[1]);
            if (from == null || to == null) {
                unplaced.add(edge);
            } else if (to <= from) {
                upOrAcross.add(edge);
            }
        }

        assertThat(unplaced).as("packages that belong to no layer of this test (add them where they belong)").isEmpty();
        assertThat(upOrAcross).as("imports across a layer or back up it").isEmpty();
    }

    private static List<String> edges() {
        Path classes = Path.of("target/classes");
        assertThat(Files.isDirectory(classes)).as("compiled classes at " + classes.toAbsolutePath()).isTrue();
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = jdeps.run(new PrintStream(out, true, StandardCharsets.UTF_8), System.err,
                "-verbose:package", "-e", "dev\\.berth\\.registry.*", classes.toString());
        assertThat(exit).as("jdeps exit status").isZero();
        List<String> edges = new ArrayList<>();
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            Matcher matcher = EDGE.matcher(line);
            if (matcher.find() && !matcher.group(1).equals(matcher.group(2))) {
                edges.add(local(matcher.group(1)) + " -> " + local(matcher.group(2)));
            }
        }
        return edges;
    }

    private static String local(String name) {
        return name.equals(BASE) ? "" : name.substring(BASE.length() + 1);
    }
}
