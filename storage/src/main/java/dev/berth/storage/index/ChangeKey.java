package dev.berth.storage.index;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The key of one change in an index's log: {@code <millis, 13 digits>-<random>-<+|-><name>}. Keys
 * sort by time, and the name travels in the key itself so that one listing of the log tells every
 * change without reading any object. A name too long for a file name is replaced by its hash, and
 * the object's content holds it.
 */
record ChangeKey(String key, long time, boolean added, String name) {
    /** Longest encoded name kept in the key, so that a key stays a valid file name (255 bytes). */
    private static final int MAX_NAME_IN_KEY = 200;
    private static final String HASHED = "#";

    static ChangeKey create(long time, boolean added, String name) {
        String random = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        String encoded = encode(name);
        String nameField = encoded.length() <= MAX_NAME_IN_KEY ? encoded : HASHED + hash(name);
        return new ChangeKey(String.format("%013d", time) + "-" + random + "-" + (added ? "+" : "-") + nameField,
                time, added, name);
    }

    /** Whether the content of the change object must be written (and read) to know the name. */
    boolean nameInContent() {
        return key.substring(24).startsWith(HASHED);
    }

    /** Parses a log entry's key; empty for anything that is not a change (snapshot markers, strays). */
    static Optional<ChangeKey> parse(String key) {
        if (key.length() < 25 || key.charAt(13) != '-' || key.charAt(22) != '-') {
            return Optional.empty();
        }
        char op = key.charAt(23);
        if (op != '+' && op != '-') {
            return Optional.empty();
        }
        try {
            long time = Long.parseLong(key.substring(0, 13));
            String nameField = key.substring(24);
            String name = nameField.startsWith(HASHED) ? null : decode(nameField);
            return Optional.of(new ChangeKey(key, time, op == '+', name));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    ChangeKey withName(String name) {
        return new ChangeKey(key, time, added, name);
    }

    /** Names may hold '/', which a flat key cannot: '~' stands for it (no name holds '~'). */
    private static String encode(String name) {
        return name.replace('/', '~');
    }

    private static String decode(String field) {
        return field.replace('~', '/');
    }

    private static String hash(String name) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
