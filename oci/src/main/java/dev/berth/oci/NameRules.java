package dev.berth.oci;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Says which rule an invalid repository name or tag breaks, so that the error a client shows tells
 * its user what to change rather than only that something is wrong.
 */
final class NameRules {
    private static final Pattern SEPARATORS = Pattern.compile("[._-]+");
    private static final Pattern ALLOWED_SEPARATOR = Pattern.compile("\\.|_|__|-+");
    private NameRules() {
    }

    /** Why {@code name} is not a repository name; empty when nothing specific is found. */
    static Optional<String> repositoryName(String name) {
        if (name == null || name.isEmpty()) {
            return Optional.of("the name is empty");
        }
        if (name.length() > RepositoryName.MAX_LENGTH) {
            return Optional.of("it is " + name.length() + " characters long; at most " + RepositoryName.MAX_LENGTH
                    + " are allowed");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                return Optional.of("it has upper-case letters ('" + c + "'); repository names are lower-case");
            }
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-' || c == '/')) {
                return Optional.of("it contains " + shown(c) + "; a name has only lower-case letters, digits, "
                        + "'.', '_', '-' and '/' between its parts");
            }
        }
        for (String part : name.split("/", -1)) {
            if (part.isEmpty()) {
                return Optional.of("it has an empty part (a '/' at the start or end, or '//')");
            }
            if (!Character.isLetterOrDigit(part.charAt(0)) || !Character.isLetterOrDigit(part.charAt(part.length() - 1))) {
                return Optional.of("its part '" + part + "' must start and end with a letter or digit");
            }
            Matcher separators = SEPARATORS.matcher(part);
            while (separators.find()) {
                if (!ALLOWED_SEPARATOR.matcher(separators.group()).matches()) {
                    return Optional.of("its part '" + part + "' joins words with '" + separators.group()
                            + "'; use one '.', one or two '_', or dashes");
                }
            }
        }
        return Optional.empty();
    }

    /** Why {@code tag} is not a tag; empty when nothing specific is found. */
    static Optional<String> tag(String tag) {
        if (tag == null || tag.isEmpty()) {
            return Optional.of("the tag is empty");
        }
        if (tag.length() > 128) {
            return Optional.of("it is " + tag.length() + " characters long; at most 128 are allowed");
        }
        char first = tag.charAt(0);
        if (first == '.' || first == '-') {
            return Optional.of("it starts with '" + first + "'; a tag starts with a letter, a digit or '_'");
        }
        for (int i = 0; i < tag.length(); i++) {
            char c = tag.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '.'
                    || c == '-')) {
                return Optional.of("it contains " + shown(c) + "; a tag has only letters, digits, '_', '.' and '-'");
            }
        }
        return Optional.empty();
    }

    private static String shown(char c) {
        return c < 0x20 || c > 0x7e ? String.format("the character U+%04X", (int) c) : "'" + c + "'";
    }
}
