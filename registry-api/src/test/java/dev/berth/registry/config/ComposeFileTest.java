package dev.berth.registry.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.yaml.snakeyaml.Yaml;

/**
 * The quick start's {@code docker-compose.yml} is valid for {@code docker-compose} (Debian's; .ci/run
 * installs it) and its registry service's environment means what it says: bound the way Spring
 * binds environment variables, it puts Berth on the MinIO bucket.
 */
class ComposeFileTest {
    private static Path composeFile;
    private static Map<String, Object> services;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void resolveComposeFile() throws Exception {
        composeFile = projectRoot().resolve("docker-compose.yml");
        String config = dockerCompose("-f", composeFile.toString(), "config");
        services = (Map<String, Object>) new Yaml().<Map<String, Object>>load(config).get("services");
    }

    @Test
    void definesMinioTheBucketJobAndTheRegistry() {
        assertThat(services).containsOnlyKeys("minio", "createbucket", "registry");
        assertThat(service("minio").get("image").toString()).startsWith("minio/minio");
        assertThat(service("createbucket").get("image").toString()).startsWith("minio/mc");
    }

    @Test
    void registryIsBuiltFromTheDockerfileAndStartsOnceTheBucketExists() {
        Map<String, Object> registry = service("registry");

        assertThat(map(registry.get("build")).get("context").toString()).isEqualTo(composeFile.getParent().toString());
        assertThat(composeFile.resolveSibling("Dockerfile")).isRegularFile();
        assertThat(map(map(registry.get("depends_on")).get("createbucket")).get("condition"))
                .isEqualTo("service_completed_successfully");
        assertThat(map(map(service("createbucket").get("depends_on")).get("minio")).get("condition"))
                .isEqualTo("service_healthy");
        assertThat(registry.get("ports").toString()).contains("5000");
    }

    @Test
    void registryIsBuiltOnTheDockerfilesDefaultBasesAndPublishedOnLoopbackOnly() throws IOException {
        Map<String, Object> registry = service("registry");
        Map<String, Object> args = map(map(registry.get("build")).get("args"));
        String dockerfile = Files.readString(composeFile.resolveSibling("Dockerfile"));

        assertThat(dockerfile).contains("ARG BUILD_IMAGE=" + args.get("BUILD_IMAGE") + "\n",
                "ARG RUNTIME_IMAGE=" + args.get("RUNTIME_IMAGE") + "\n");
        // Without access control anyone who reaches the port may push: not the network by default.
        assertThat(registry.get("ports").toString()).contains("127.0.0.1:5000:5000");
    }

    @Test
    void registryEnvironmentBindsToTheS3SettingsOfTheMinioBucket() {
        @SuppressWarnings("unchecked")
        Map<String, Object> environment = (Map<String, Object>) service("registry").get("environment");
        Binder binder = new Binder(ConfigurationPropertySources.from(new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, environment)));

        RegistryProperties properties = binder.bind("registry", RegistryProperties.class).get();

        RegistryProperties.S3 s3 = properties.storage().s3();
        assertThat(properties.storage().driver()).isEqualTo("s3");
        assertThat(s3.endpoint()).isEqualTo(URI.create("http://minio:9000"));
        assertThat(s3.pathStyleAccess()).isTrue();
        assertThat(s3.bucket()).isEqualTo("berth");
        assertThat(s3.accessKey()).isEqualTo(map(service("minio").get("environment")).get("MINIO_ROOT_USER"));
        assertThat(s3.secretKey()).isEqualTo(map(service("minio").get("environment")).get("MINIO_ROOT_PASSWORD"));
        assertThat(map(service("createbucket").get("environment")).get("BUCKET")).isEqualTo(s3.bucket());
    }

    @Test
    void filesystemVariantRunsTheRegistryAloneOnAVolumeAtItsDataFolder() throws Exception {
        Path variant = projectRoot().resolve("docker-compose.filesystem.yml");
        @SuppressWarnings("unchecked")
        Map<String, Object> alone = (Map<String, Object>) new Yaml().<Map<String, Object>>load(
                dockerCompose("-f", variant.toString(), "config")).get("services");

        assertThat(alone).containsOnlyKeys("registry");
        Map<String, Object> registry = map(alone.get("registry"));
        assertThat(registry).doesNotContainKey("depends_on");
        assertThat(map(registry.get("build")).get("context").toString()).isEqualTo(variant.getParent().toString());
        assertThat(registry.get("ports").toString()).contains("127.0.0.1:5000:5000");
        // The image sets REGISTRY_STORAGE_FILESYSTEM_ROOT=/data: the volume must be mounted there.
        assertThat(Files.readString(variant.resolveSibling("Dockerfile"))).contains("ENV REGISTRY_STORAGE_FILESYSTEM_ROOT=/data");
        assertThat(registry.get("volumes").toString()).contains("berth-data").contains("/data");
        @SuppressWarnings("unchecked")
        Map<String, Object> environment = (Map<String, Object>) registry.get("environment");
        Binder binder = new Binder(ConfigurationPropertySources.from(new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, environment)));
        assertThat(binder.bind("registry", RegistryProperties.class).get().storage().driver()).isEqualTo("filesystem");
    }

    private static Map<String, Object> service(String name) {
        return map(services.get(name));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    /** The folder with the root pom; tests run in a module folder. */
    private static Path projectRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("docker-compose.yml")) && Files.isRegularFile(dir.resolve("mvnw"))) {
                return dir;
            }
        }
        throw new AssertionError("no docker-compose.yml above " + Path.of("").toAbsolutePath());
    }

    /** Runs docker-compose (defaults only: no variables from the caller's environment) and returns its stdout. */
    private static String dockerCompose(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("docker-compose"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        for (String variable : List.of("MINIO_IMAGE", "MC_IMAGE", "BERTH_IMAGE", "MINIO_ROOT_USER",
                "MINIO_ROOT_PASSWORD", "BERTH_BUCKET", "BERTH_PORT", "BERTH_BUILD_IMAGE", "BERTH_RUNTIME_IMAGE")) {
            builder.environment().remove(variable);
        }
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new AssertionError("cannot run docker-compose (Debian package docker-compose; .ci/run installs it)", e);
        }
        process.getOutputStream().close();
        CompletableFuture<String> stdout = read(process.getInputStream());
        CompletableFuture<String> stderr = read(process.getErrorStream());
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("docker-compose " + String.join(" ", args) + " did not finish in 60 s");
        }
        assertThat(process.exitValue())
                .as("docker-compose %s\n--- stderr ---\n%s", String.join(" ", args), stderr.join())
                .isZero();
        return stdout.join();
    }

    private static CompletableFuture<String> read(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (stream) {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }
}
