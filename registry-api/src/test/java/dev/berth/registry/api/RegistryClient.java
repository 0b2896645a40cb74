package dev.berth.registry.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A small OCI distribution client for the API tests: plain HTTP requests against the started
 * registry, the push steps most tests need, manifest JSON, and the assertion every error response
 * gets (status, OCI error code, API version header).
 */
public final class RegistryClient {
    public static final String API_VERSION_HEADER = "Docker-Distribution-API-Version";
    public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    public static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
    public static final String OCI_LAYER = "application/vnd.oci.image.layer.v1.tar+gzip";
    public static final String OCI_EMPTY = "application/vnd.oci.empty.v1+json";
    public static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    public static final String DOCKER_MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    public static final String DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json";
    public static final String DOCKER_LAYER = "application/vnd.docker.image.rootfs.diff.tar.gzip";

    /** The "Error Codes" table of the distribution spec: the only codes a response may carry. */
    public static final List<String> SPEC_ERROR_CODES = List.of("BLOB_UNKNOWN", "BLOB_UPLOAD_INVALID",
            "BLOB_UPLOAD_UNKNOWN", "DIGEST_INVALID", "MANIFEST_BLOB_UNKNOWN", "MANIFEST_INVALID", "MANIFEST_UNKNOWN",
            "NAME_INVALID", "NAME_UNKNOWN", "SIZE_INVALID", "UNAUTHORIZED", "DENIED", "UNSUPPORTED", "TOOMANYREQUESTS");

    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern NEXT_LINK = Pattern.compile("<([^>]+)>; *rel=\"next\"");

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    /** Sent as {@code Authorization} with every request, or null. */
    private final String authorization;

    public RegistryClient(int port) {
        this(URI.create("http://127.0.0.1:" + port), null);
    }

    private RegistryClient(URI base, String authorization) {
        this.base = base;
        this.authorization = authorization;
    }

    /** The same client, sending {@code Authorization: <authorization>} with every request. */
    public RegistryClient as(String authorization) {
        return new RegistryClient(base, authorization);
    }

    /** The same client with HTTP basic credentials. */
    public RegistryClient asUser(String username, String password) {
        return as("Basic " + java.util.Base64.getEncoder().encodeToString(
                (username + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    /** The same client with a bearer token. */
    public RegistryClient withToken(String token) {
        return as("Bearer " + token);
    }

    /** Pushed content: a blob or a manifest, with what a descriptor of it says. */
    public record Content(String mediaType, String digest, byte[] bytes) {
        public long size() {
            return bytes.length;
        }

        public Map<String, Object> descriptor() {
            return RegistryClient.descriptor(mediaType, digest, bytes.length);
        }
    }

    /** An image pushed with {@link #pushImage}: its manifest, config and one layer. */
    public record Image(Content manifest, Content config, Content layer) {
        public String digest() {
            return manifest.digest();
        }
    }

    // ---- requests -------------------------------------------------------------------------

    public HttpResponse<byte[]> get(String path, String... headers) {
        return send("GET", path, BodyPublishers.noBody(), headers);
    }

    HttpResponse<byte[]> head(String path, String... headers) {
        return send("HEAD", path, BodyPublishers.noBody(), headers);
    }

    public HttpResponse<byte[]> delete(String path) {
        return send("DELETE", path, BodyPublishers.noBody());
    }

    HttpResponse<byte[]> post(String path, byte[] body, String... headers) {
        return send("POST", path, BodyPublishers.ofByteArray(body), headers);
    }

    HttpResponse<byte[]> put(String path, byte[] body, String... headers) {
        return send("PUT", path, BodyPublishers.ofByteArray(body), headers);
    }

    HttpResponse<byte[]> patch(String path, byte[] body, String... headers) {
        return send("PATCH", path, BodyPublishers.ofByteArray(body), headers);
    }

    /** A PATCH of unknown length: sent with chunked transfer encoding, no Content-Length. */
    HttpResponse<byte[]> patchStreamed(String path, byte[] body) {
        return send("PATCH", path, BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)));
    }

    /** Sends a request; {@code path} is a path with query (as in a Location header) and headers are name/value pairs. */
    public HttpResponse<byte[]> send(String method, String path, BodyPublisher body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    // ---- push steps -----------------------------------------------------------------------

    /** Monolithic upload ({@code POST .../blobs/uploads/?digest=}) of a layer blob; expects 201. */
    public Content pushBlob(String repo, byte[] bytes) {
        return pushBlob(repo, OCI_LAYER, bytes);
    }

    public Content pushBlob(String repo, String mediaType, byte[] bytes) {
        String digest = sha256(bytes);
        HttpResponse<byte[]> response = post("/v2/" + repo + "/blobs/uploads/?digest=" + digest, bytes,
                "Content-Type", "application/octet-stream");
        assertStatus(response, 201);
        return new Content(mediaType, digest, bytes);
    }

    /** Starts an upload session; expects 202 and returns its Location. */
    String startUpload(String repo) {
        HttpResponse<byte[]> response = post("/v2/" + repo + "/blobs/uploads/", new byte[0]);
        assertStatus(response, 202);
        return location(response);
    }

    public Content pushManifest(String repo, String reference, String mediaType, byte[] json) {
        HttpResponse<byte[]> response = put("/v2/" + repo + "/manifests/" + reference, json, "Content-Type", mediaType);
        assertStatus(response, 201);
        String digest = sha256(json);
        assertThat(response.headers().firstValue("Docker-Content-Digest")).contains(digest);
        return new Content(mediaType, digest, json);
    }

    /** Pushes a random config and layer and an OCI image manifest of them, tagged {@code tag}. */
    public Image pushImage(String repo, String tag) {
        Content config = pushBlob(repo, OCI_CONFIG, json(Map.of("architecture", "amd64", "os", "linux",
                "rootfs", Map.of("type", "layers", "diff_ids", List.of(sha256(randomBytes(16)))))));
        Content layer = pushBlob(repo, randomBytes(64));
        Content manifest = pushManifest(repo, tag, OCI_MANIFEST, imageManifest(OCI_MANIFEST, config, layer));
        return new Image(manifest, config, layer);
    }

    /** The whole tag list of a repository, in the order the registry returns it; expects 200. */
    public List<String> tags(String repo) {
        HttpResponse<byte[]> response = get("/v2/" + repo + "/tags/list");
        assertStatus(response, 200);
        return strings(readJson(response).get("tags"));
    }

    /** The Location header of a response, as a path with query (it may be absolute or relative). */
    static String location(HttpResponse<?> response) {
        String location = response.headers().firstValue("Location").orElseThrow(
                () -> new AssertionError("no Location header in " + describe(response)));
        URI uri = URI.create(location);
        return uri.getRawQuery() == null ? uri.getRawPath() : uri.getRawPath() + "?" + uri.getRawQuery();
    }

    /** The target of a {@code Link: <...>; rel="next"} header, if the response has one. */
    static Optional<String> nextLink(HttpResponse<?> response) {
        return response.headers().firstValue("Link").map(link -> {
            Matcher matcher = NEXT_LINK.matcher(link);
            assertThat(matcher.matches()).as("Link header " + link).isTrue();
            return matcher.group(1);
        });
    }

    /** Appends a query parameter to a Location, which may already carry a query. */
    static String withQuery(String location, String name, String value) {
        return location + (location.contains("?") ? "&" : "?") + name + "="
                + URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    // ---- content --------------------------------------------------------------------------

    public static String sha256(byte[] content) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }

    public static byte[] json(Object value) {
        return JSON.writeValueAsBytes(value);
    }

    public static JsonNode readJson(HttpResponse<byte[]> response) {
        return JSON.readTree(response.body());
    }

    /** The strings of a JSON array; an absent or null array is empty. */
    public static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        if (array != null) {
            array.forEach(value -> values.add(value.asString()));
        }
        return values;
    }

    public static Map<String, Object> descriptor(String mediaType, String digest, long size) {
        Map<String, Object> descriptor = new LinkedHashMap<>();
        descriptor.put("mediaType", mediaType);
        descriptor.put("digest", digest);
        descriptor.put("size", size);
        return descriptor;
    }

    /** An image manifest (OCI or Docker schema 2, by {@code mediaType}) of a config and layers. */
    public static byte[] imageManifest(String mediaType, Content config, Content... layers) {
        return json(imageManifestFields(mediaType, config, layers));
    }

    public static Map<String, Object> imageManifestFields(String mediaType, Content config, Content... layers) {
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("schemaVersion", 2);
        manifest.put("mediaType", mediaType);
        manifest.put("config", config.descriptor());
        manifest.put("layers", Arrays.stream(layers).map(Content::descriptor).toList());
        return manifest;
    }

    /** An index (OCI index or Docker manifest list, by {@code mediaType}) of child manifests. */
    public static byte[] index(String mediaType, Content... children) {
        List<Map<String, Object>> manifests = new ArrayList<>();
        for (Content child : children) {
            Map<String, Object> entry = child.descriptor();
            entry.put("platform", Map.of("architecture", "amd64", "os", "linux"));
            manifests.add(entry);
        }
        Map<String, Object> index = new LinkedHashMap<>();
        index.put("schemaVersion", 2);
        index.put("mediaType", mediaType);
        index.put("manifests", manifests);
        return json(index);
    }

    // ---- assertions -----------------------------------------------------------------------

    public static void assertStatus(HttpResponse<byte[]> response, int status) {
        assertThat(response.statusCode()).as(describe(response)).isEqualTo(status);
    }

    /**
     * The response is the spec's error document with {@code code} first, under {@code status}, and
     * still says which API it speaks.
     */
    public static void assertOciError(HttpResponse<byte[]> response, int status, String code) {
        assertThat(SPEC_ERROR_CODES).as("a code of the spec's table").contains(code);
        assertStatus(response, status);
        assertThat(response.headers().firstValue(API_VERSION_HEADER)).as("API version header").contains("registry/2.0");
        assertThat(response.headers().firstValue("Content-Type")).as("error Content-Type")
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        JsonNode errors = readJson(response).get("errors");
        assertThat(errors).as("errors array in " + describe(response)).isNotNull();
        assertThat(errors.isArray()).isTrue();
        assertThat(errors.get(0).get("code").asString()).as(describe(response)).isEqualTo(code);
        assertThat(errors.get(0).has("message")).isTrue();
        if (code.equals("TOOMANYREQUESTS")) {
            assertThat(response.headers().firstValue("Retry-After")).as("Retry-After of " + describe(response)).isPresent();
        }
    }

    public static String describe(HttpResponse<?> response) {
        Object body = response.body();
        String text = body instanceof byte[] bytes
                ? new String(bytes, 0, Math.min(bytes.length, 500), StandardCharsets.UTF_8) : String.valueOf(body);
        return response.request().method() + " " + response.uri() + " -> " + response.statusCode() + " " + text;
    }
}
