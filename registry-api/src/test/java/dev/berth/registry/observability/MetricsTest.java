package dev.berth.registry.observability;

import static dev.berth.registry.testsupport.RegistryInstance.describe;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.api.RegistryClient;
import dev.berth.registry.testsupport.PrometheusScrape;
import dev.berth.registry.testsupport.RegistryInstance;
import dev.berth.registry.testsupport.TestStorage;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * After real pushes, pulls and a garbage collection, {@code /actuator/prometheus} shows what an
 * operator graphs: requests by our route names and status, bytes in and out, upload and download
 * durations, storage operations per driver, and GC runs with what they freed.
 */
class MetricsTest {
    private static final String REPO = "metrics/app";

    private static TestStorage storage;
    private static RegistryInstance registry;
    private static PrometheusScrape scrape;
    private static RegistryClient.Image image;
    private static long orphanSize;
    private static long notFoundBodySize;

    @BeforeAll
    static void pushPullAndCollect() {
        storage = TestStorage.filesystem();
        // grace period 0: the orphan blob below is collectable at once
        registry = RegistryInstance.start(storage, "--registry.gc.grace-period=0s");
        RegistryClient client = new RegistryClient(registry.base().getPort());

        image = client.pushImage(REPO, "1");
        byte[] chunk = RegistryClient.randomBytes(3000);
        String session = RegistryInstance.location(registry.post("/v2/" + REPO + "/blobs/uploads/", new byte[0]));
        HttpResponse<byte[]> patched = registry.patch(session, chunk, "Content-Type", "application/octet-stream");
        assertThat(patched.statusCode()).as(describe(patched)).isEqualTo(202);
        HttpResponse<byte[]> completed = registry.put(RegistryInstance.withQuery(RegistryInstance.location(patched),
                "digest", RegistryClient.sha256(chunk)), new byte[0]);
        assertThat(completed.statusCode()).as(describe(completed)).isEqualTo(201);
        orphanSize = chunk.length;

        HttpResponse<byte[]> layer = registry.get("/v2/" + REPO + "/blobs/" + image.layer().digest());
        assertThat(layer.statusCode()).as(describe(layer)).isEqualTo(200);
        assertThat(registry.get("/v2/" + REPO + "/manifests/1", "Accept", RegistryClient.OCI_MANIFEST).statusCode())
                .isEqualTo(200);
        HttpResponse<byte[]> gc = registry.post("/api/admin/gc", new byte[0]);
        assertThat(gc.statusCode()).as(describe(gc)).isEqualTo(200);
        // after the collection: a GET of a missing blob leaves a last-used mark the sweep would count
        HttpResponse<byte[]> missing = registry.get("/v2/" + REPO + "/blobs/sha256:" + "0".repeat(64));
        assertThat(missing.statusCode()).isEqualTo(404);
        notFoundBodySize = missing.body().length;

        HttpResponse<byte[]> scraped = registry.get("/actuator/prometheus");
        assertThat(scraped.statusCode()).as(describe(scraped)).isEqualTo(200);
        assertThat(scraped.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/plain"));
        scrape = PrometheusScrape.parse(new String(scraped.body(), StandardCharsets.UTF_8));
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
        if (storage != null) {
            storage.close();
        }
    }

    @Test
    void requestsAreCountedByRouteAndStatus() {
        assertThat(scrape.sum("berth_requests_seconds_count", "route", "upload_start", "status", "201"))
                .as(scrape.toString()).isEqualTo(2);
        assertThat(scrape.sum("berth_requests_seconds_count", "route", "upload_start", "status", "202")).isEqualTo(1);
        assertThat(scrape.sum("berth_requests_seconds_count", "route", "upload_patch", "status", "202")).isEqualTo(1);
        assertThat(scrape.sum("berth_requests_seconds_count", "route", "upload_put", "status", "201")).isEqualTo(1);
        assertThat(scrape.sum("berth_requests_seconds_count", "route", "manifest_put", "status", "201")).isEqualTo(1);
        assertThat(scrape.sum("berth_requests_seconds_count", "route", "manifest_get", "status", "200")).isEqualTo(1);
        assertThat(scrape.sum("berth_requests_seconds_count", "route", "blob_get", "status", "200")).isEqualTo(1);
        assertThat(scrape.sum("berth_requests_seconds_count", "route", "blob_get", "status", "404")).isEqualTo(1);
        assertThat(scrape.sum("berth_requests_seconds_sum", "route", "manifest_put")).isPositive();
    }

    @Test
    void bytesInAndOutAreCountedByRoute() {
        long pushedMonolithic = image.config().size() + image.layer().size();
        assertThat(scrape.sum("berth_received_bytes_total", "route", "upload_start")).as(scrape.toString())
                .isEqualTo(pushedMonolithic);
        assertThat(scrape.sum("berth_received_bytes_total", "route", "upload_patch")).isEqualTo(orphanSize);
        assertThat(scrape.sum("berth_received_bytes_total", "route", "manifest_put")).isEqualTo(image.manifest().size());
        // the layer left through Tomcat's sendfile, not the response stream, and is counted all the same
        assertThat(scrape.sum("berth_sent_bytes_total", "route", "blob_get"))
                .isEqualTo(image.layer().size() + notFoundBodySize);
        assertThat(scrape.sum("berth_sent_bytes_total", "route", "manifest_get")).isEqualTo(image.manifest().size());
    }

    @Test
    void uploadAndDownloadDurationsAreRecorded() {
        assertThat(scrape.sum("berth_blob_upload_seconds_count")).as(scrape.toString()).isEqualTo(3);
        assertThat(scrape.sum("berth_blob_upload_seconds_bucket", "le", "+Inf")).isEqualTo(3);
        assertThat(scrape.sum("berth_blob_download_seconds_count")).isEqualTo(1);
    }

    @Test
    void storageOperationsAreTimedPerOperationAndDriver() {
        assertThat(scrape.sum("berth_storage_operations_seconds_count",
                "driver", "filesystem", "operation", "publish", "outcome", "success")).as(scrape.toString())
                .isGreaterThanOrEqualTo(3);
        assertThat(scrape.sum("berth_storage_operations_seconds_count",
                "driver", "filesystem", "operation", "write", "outcome", "success")).isPositive();
        assertThat(scrape.sum("berth_storage_operations_seconds_count", "driver", "filesystem", "outcome", "error"))
                .isZero();
    }

    @Test
    void garbageCollectionRunsAndWhatTheyFreedAreRecorded() {
        assertThat(scrape.sum("berth_gc_runs_seconds_count", "dry_run", "false", "outcome", "success"))
                .as(scrape.toString()).isEqualTo(1);
        assertThat(scrape.sum("berth_gc_removed_blobs_total")).isEqualTo(1);
        assertThat(scrape.sum("berth_gc_freed_bytes_total")).isEqualTo(orphanSize);
    }

    @Test
    void eachRequestIsMeasuredOnlyByBerthsOwnSeries() {
        // Spring Boot's http_server_requests and Spring Security's per-filter series repeated
        // berth_requests_seconds at a cost to every request; Tomcat's session series stayed 0.
        for (String repeated : List.of("http_server_requests_seconds_count", "spring_security_filterchains_seconds_count",
                "spring_security_authorizations_seconds_count", "tomcat_sessions_active_current_sessions")) {
            assertThat(scrape.has(repeated)).as(repeated + " is exposed").isFalse();
        }
        assertThat(scrape.has("jvm_memory_used_bytes")).isTrue();
        assertThat(scrape.has("process_cpu_usage")).isTrue();
    }
}
