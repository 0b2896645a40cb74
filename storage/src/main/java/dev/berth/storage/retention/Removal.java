package dev.berth.storage.retention;

/**
 * One thing a run removes (or, dry, would): a tag ({@code tag} set, {@code digest} what it pointed
 * at) or an untagged manifest ({@code tag} null).
 *
 * @param reason the limits that let it go, or {@code untagged}
 */
public record Removal(String repository, String tag, String digest, String reason) {
}
