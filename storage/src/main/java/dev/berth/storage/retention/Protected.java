package dev.berth.storage.retention;

/** A tag a rule would have removed, kept because {@code by} protects it (an immutable-tag rule). */
public record Protected(String repository, String tag, String by) {
}
