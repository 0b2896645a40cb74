package dev.berth.storage.lifecycle;

import java.util.regex.Pattern;

/**
 * A name pattern as operators write them: {@code **} matches anything, {@code *} anything but a
 * slash, {@code ?} one character but a slash; every other character stands for itself.
 */
public record Glob(String text, Pattern pattern) {

    public static Glob of(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a pattern must not be empty");
        }
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '*' && i + 1 < text.length() && text.charAt(i + 1) == '*') {
                regex.append(".*");
                i++;
            } else if (c == '*') {
                regex.append("[^/]*");
            } else if (c == '?') {
                regex.append("[^/]");
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return new Glob(text, Pattern.compile(regex.toString()));
    }

    public boolean matches(String name) {
        return pattern.matcher(name).matches();
    }

    /** Every matching name starts with this, so a sorted listing can be read from there. */
    public String literalPrefix() {
        int wildcard = 0;
        while (wildcard < text.length() && text.charAt(wildcard) != '*' && text.charAt(wildcard) != '?') {
            wildcard++;
        }
        return text.substring(0, wildcard);
    }

    @Override
    public String toString() {
        return text;
    }
}
