package dev.berth.auth.rules;

import dev.berth.oci.RepositoryName;
import java.util.regex.Pattern;

/**
 * A repository name pattern: {@code *} matches within one path component, {@code **} across
 * components, anything else itself. {@code team-a/**} matches {@code team-a/app} and
 * {@code team-a/x/y} but not {@code team-a} or {@code team-ab/app}.
 */
public final class RepositoryPattern {
    public static final String EVERYTHING = "**";

    private final String text;
    private final Pattern regex;

    private RepositoryPattern(String text, Pattern regex) {
        this.text = text;
        this.regex = regex;
    }

    public static RepositoryPattern of(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a repository pattern may not be empty");
        }
        StringBuilder regex = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            if (text.startsWith("**", i)) {
                regex.append(".*");
                i += 2;
            } else if (text.charAt(i) == '*') {
                regex.append("[^/]*");
                i++;
            } else {
                int next = text.indexOf('*', i);
                int end = next < 0 ? text.length() : next;
                regex.append(Pattern.quote(text.substring(i, end)));
                i = end;
            }
        }
        return new RepositoryPattern(text, Pattern.compile(regex.toString()));
    }

    public boolean matches(RepositoryName name) {
        return regex.matcher(name.value()).matches();
    }

    /** Whether this is {@code **}, every repository there is and will be. */
    public boolean isEverything() {
        return EVERYTHING.equals(text);
    }

    @Override
    public String toString() {
        return text;
    }
}
