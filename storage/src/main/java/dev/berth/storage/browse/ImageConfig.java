package dev.berth.storage.browse;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The parts of an image configuration (OCI image config or Docker container config) people look
 * at. Parsed leniently: a field of an unexpected shape is left out rather than failing the page,
 * since whatever a client pushed is already stored and served as it is.
 */
public record ImageConfig(Instant created, String author, String os, String architecture, String variant,
                          Map<String, String> labels, List<String> env, List<String> entrypoint, List<String> cmd,
                          String workingDir, String user, List<String> exposedPorts, List<String> volumes,
                          String stopSignal, List<HistoryEntry> history) {

    /** Configuration media types whose content is an image configuration. */
    public static final Set<String> MEDIA_TYPES = Set.of(
            "application/vnd.oci.image.config.v1+json",
            "application/vnd.docker.container.image.v1+json");

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One step of how the image was built; {@code emptyLayer} steps added no layer. */
    public record HistoryEntry(Instant created, String createdBy, String comment, boolean emptyLayer) {
    }

    public Platform platform() {
        return os == null && architecture == null ? null : new Platform(os, architecture, variant);
    }

    /** The configuration in {@code content}, or empty when it is not a JSON object. */
    public static Optional<ImageConfig> parse(byte[] content) {
        JsonNode root;
        try {
            root = JSON.readTree(content);
        } catch (JacksonException e) {
            return Optional.empty();
        }
        if (root == null || !root.isObject()) {
            return Optional.empty();
        }
        JsonNode config = root.path("config");
        List<HistoryEntry> history = new ArrayList<>();
        JsonNode entries = root.path("history");
        if (entries.isArray()) {
            for (JsonNode entry : entries) {
                if (entry.isObject()) {
                    history.add(new HistoryEntry(instant(entry.get("created")), string(entry.get("created_by")),
                            string(entry.get("comment")), entry.path("empty_layer").asBoolean(false)));
                }
            }
        }
        return Optional.of(new ImageConfig(
                instant(root.get("created")),
                string(root.get("author")),
                string(root.get("os")),
                string(root.get("architecture")),
                string(root.get("variant")),
                stringMap(config.get("Labels")),
                strings(config.get("Env")),
                strings(config.get("Entrypoint")),
                strings(config.get("Cmd")),
                string(config.get("WorkingDir")),
                string(config.get("User")),
                keys(config.get("ExposedPorts")),
                keys(config.get("Volumes")),
                string(config.get("StopSignal")),
                history));
    }

    static Instant instant(JsonNode node) {
        String text = string(node);
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            try {
                return java.time.OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException again) {
                return null;
            }
        }
    }

    private static String string(JsonNode node) {
        return node != null && node.isString() && !node.stringValue().isEmpty() ? node.stringValue() : null;
    }

    private static List<String> strings(JsonNode node) {
        if (node == null || !node.isArray()) {
            return List.of();
        }
        List<String> values = new ArrayList<>();
        for (JsonNode value : node) {
            if (value.isString()) {
                values.add(value.stringValue());
            }
        }
        return values;
    }

    private static Map<String, String> stringMap(JsonNode node) {
        Map<String, String> values = new LinkedHashMap<>();
        if (node != null && node.isObject()) {
            node.forEachEntry((key, value) -> {
                if (value.isString()) {
                    values.put(key, value.stringValue());
                }
            });
        }
        return values;
    }

    private static List<String> keys(JsonNode node) {
        return node != null && node.isObject() ? List.copyOf(node.propertyNames()) : List.of();
    }
}
