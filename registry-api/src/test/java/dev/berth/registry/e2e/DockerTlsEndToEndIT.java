package dev.berth.registry.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.BerthApplication;
import dev.berth.registry.testsupport.TestStorage;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.FileSystemUtils;

/**
 * TLS and HTTP/2 by configuration alone: Berth started with a PEM SSL bundle
 * ({@code server.ssl.bundle}, {@code spring.ssl.bundle.pem.*}) and {@code server.http2.enabled},
 * its certificate signed by a CA made for the test. The real docker client refuses it until the
 * CA is put in {@code /etc/docker/certs.d/<host:port>/ca.crt}, then pushes and pulls through it.
 *
 * <p>The registry listens on a {@link LocalOnlyAddress}, not on 127.0.0.1: docker skips certificate
 * checks for 127.0.0.0/8, so only another address shows that the certificate is verified and
 * trusted. The test removes the address, the certs.d entry and its images when done.
 */
class DockerTlsEndToEndIT {
    private static final Path CERTS_D = Path.of("/etc/docker/certs.d");
    private static final String RUN_ID = UUID.randomUUID().toString().substring(0, 8);

    private static final DockerCli docker = new DockerCli(Duration.ofMinutes(2));
    private static final List<String> createdImages = new ArrayList<>();
    private static final TestStorage storage = TestStorage.filesystem();

    @TempDir
    static Path folder;

    private static LocalOnlyAddress address;
    private static TestCertificates certificates;
    private static ConfigurableApplicationContext registry;
    private static String host;
    /** The certs.d folders this test created, deepest first, so they are removed in that order. */
    private static final List<Path> createdFolders = new ArrayList<>();

    @BeforeAll
    static void startRegistryWithTls() throws IOException {
        docker.requireDaemonAndBusybox();
        address = LocalOnlyAddress.add();
        certificates = TestCertificates.create(Files.createDirectory(folder.resolve("tls")), address.address());
        registry = new SpringApplicationBuilder(BerthApplication.class).run(storage.arguments(
                "--server.port=0",
                "--server.address=" + address.address(),
                "--server.http2.enabled=true",
                "--server.ssl.bundle=berth",
                "--spring.ssl.bundle.pem.berth.keystore.certificate=" + certificates.serverCertificate(),
                "--spring.ssl.bundle.pem.berth.keystore.private-key=" + certificates.serverKey()).toArray(String[]::new));
        host = address.address() + ":" + registry.getEnvironment().getProperty("local.server.port");
    }

    @AfterAll
    static void restoreTheMachine() throws IOException {
        try {
            docker.removeImages(createdImages);
            for (Path created : createdFolders) {
                FileSystemUtils.deleteRecursively(created);
            }
            if (registry != null) {
                registry.close();
            }
            storage.close();
        } finally {
            if (address != null) {
                address.close();
            }
        }
    }

    @Test
    void clientsThatTrustTheCaGetHttp2() throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(certificates.trustingTheCa())
                .version(HttpClient.Version.HTTP_2).connectTimeout(Duration.ofSeconds(10)).build();

        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create("https://" + host + "/v2/")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.version()).as("protocol negotiated by ALPN").isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(response.headers().firstValue("Docker-Distribution-API-Version")).hasValue("registry/2.0");
    }

    @Test
    void dockerRefusesTheCertificateUntilTheCaIsInCertsDThenPushesAndPulls() throws IOException {
        String content = "berth-tls-" + UUID.randomUUID();
        String localTag = "berth-tls-test-" + RUN_ID + "/app:build";
        String reference = host + "/team/tls:1";
        createdImages.add(localTag);
        createdImages.add(reference);
        docker.buildPrintingImage(localTag, content, Files.createDirectories(folder.resolve("builds")));
        docker.run("tag", localTag, reference);

        DockerCli.Result untrusted = docker.attempt("push", reference);
        assertThat(untrusted.succeeded()).as(untrusted.describe()).isFalse();
        assertThat(untrusted.stderr()).as(untrusted.describe()).contains("x509").contains("unknown authority");

        trustInDocker(certificates.caCertificate());
        docker.run("push", reference);
        docker.run("rmi", localTag, reference);
        docker.run("pull", reference);

        assertThat(docker.run("run", "--rm", reference).stdout().strip()).isEqualTo(content);
    }

    /** What an operator does: the CA as {@code /etc/docker/certs.d/<host:port>/ca.crt}; the daemon reads it per request. */
    private static void trustInDocker(Path ca) throws IOException {
        Path hostFolder = CERTS_D.resolve(host);
        for (Path folder : List.of(CERTS_D, hostFolder)) {
            if (!Files.isDirectory(folder)) {
                Files.createDirectory(folder);
                createdFolders.add(0, folder);
            }
        }
        Files.copy(ca, hostFolder.resolve("ca.crt"));
    }
}
