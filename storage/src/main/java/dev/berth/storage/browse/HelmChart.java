package dev.berth.storage.browse;

import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a Helm chart pushed with {@code helm push} says of itself in its config blob (the
 * {@code Chart.yaml} fields as JSON). Parsed leniently, like {@link ImageConfig}: a missing field is null.
 */
public record HelmChart(String name, String version, String appVersion, String description) {

    /** The config media type that makes a manifest a Helm chart. */
    public static final String CONFIG_MEDIA_TYPE = "application/vnd.cncf.helm.config.v1+json";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The chart's metadata in {@code content}, or empty when it is not a JSON object. */
    public static Optional<HelmChart> parse(byte[] content) {
        JsonNode root;
        try {
            root = JSON.readTree(content);
        } catch (JacksonException e) {
            return Optional.empty();
        }
        if (root == null || !root.isObject()) {
            return Optional.empty();
        }
        return Optional.of(new HelmChart(text(root, "name"), text(root, "version"), text(root, "appVersion"),
                text(root, "description")));
    }

    private static String text(JsonNode root, String field) {
        JsonNode value = root.get(field);
        return value != null && value.isString() ? value.asString() : null;
    }
}
