package dev.berth.storage.browse;

import java.util.Map;

/** What an image runs on: {@code linux/arm64/v8}. */
public record Platform(String os, String architecture, String variant) {

    /** Reads the {@code platform} object of an index entry; null when it has no os and architecture. */
    static Platform fromDescriptor(Map<String, Object> platform) {
        if (platform == null) {
            return null;
        }
        String os = string(platform.get("os"));
        String architecture = string(platform.get("architecture"));
        return os == null && architecture == null ? null : new Platform(os, architecture, string(platform.get("variant")));
    }

    /**
     * Entries of {@code unknown/unknown} are not platforms: build tools put attestations and other
     * non-runnable manifests in an index under that name.
     */
    boolean isRunnable() {
        return !"unknown".equals(os) && !"unknown".equals(architecture);
    }

    @Override
    public String toString() {
        String base = (os == null ? "?" : os) + "/" + (architecture == null ? "?" : architecture);
        return variant == null ? base : base + "/" + variant;
    }

    private static String string(Object value) {
        return value instanceof String text && !text.isEmpty() ? text : null;
    }
}
