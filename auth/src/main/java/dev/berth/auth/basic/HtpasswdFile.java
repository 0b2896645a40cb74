package dev.berth.auth.basic;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Users of an htpasswd file, {@code name:hash} per line. Only bcrypt hashes ({@code $2y$} from
 * {@code htpasswd -B}, {@code $2a$}, {@code $2b$}) are accepted: the other htpasswd formats
 * (MD5, SHA-1, crypt) are too weak to keep a registry's secrets.
 */
public final class HtpasswdFile {
    private HtpasswdFile() {
    }

    /** User name to bcrypt hash. Fails naming the line (never its content) when one is not bcrypt. */
    public static Map<String, String> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read registry.auth.htpasswd-file " + file, e);
        }
        Map<String, String> users = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(':');
            String hash = colon < 0 ? "" : line.substring(colon + 1);
            if (colon <= 0 || !isBcrypt(hash)) {
                throw new IllegalArgumentException(file + " line " + (i + 1)
                        + " is not name:bcrypt-hash (create it with htpasswd -B)");
            }
            users.put(line.substring(0, colon), hash);
        }
        return users;
    }

    static boolean isBcrypt(String hash) {
        return hash.startsWith("$2y$") || hash.startsWith("$2a$") || hash.startsWith("$2b$");
    }
}
