package dev.berth.oci;

import java.util.regex.Pattern;

/** A tag per the spec grammar: {@code [a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}}. */
public record Tag(String value) implements Comparable<Tag> {
    private static final Pattern GRAMMAR = Pattern.compile("[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}");

    public Tag {
        if (!isValid(value)) {
            throw new OciException(ErrorCode.MANIFEST_INVALID, "invalid tag " + (value == null ? "(none)"
                    : "'" + value.substring(0, Math.min(value.length(), 140)) + "'")
                    + NameRules.tag(value).map(rule -> ": " + rule).orElse(""));
        }
    }

    public static boolean isValid(String value) {
        return value != null && GRAMMAR.matcher(value).matches();
    }

    @Override
    public String toString() {
        return value;
    }

    @Override
    public int compareTo(Tag other) {
        return value.compareTo(other.value);
    }
}
