package dev.berth.storage.retention;

import dev.berth.oci.RepositoryName;
import java.util.regex.Pattern;

/**
 * Which repositories a rule covers: {@code *} matches within one path segment, {@code **} across
 * segments ({@code team-a/**}, {@code *}/nightly). The literal text before the first wildcard lets
 * a run read only that part of the sorted catalog.
 */
public final class RepositoryGlob {
    private final String text;
    private final Pattern pattern;
    private final String literalPrefix;

    private RepositoryGlob(String text) {
        this.text = text;
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '*' && i + 1 < text.length() && text.charAt(i + 1) == '*') {
                regex.append(".*");
                i++;
            } else if (c == '*') {
                regex.append("[^/]*");
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        this.pattern = Pattern.compile(regex.toString());
        int wildcard = text.indexOf('*');
        this.literalPrefix = wildcard < 0 ? text : text.substring(0, wildcard);
    }

    public static RepositoryGlob of(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a retention rule needs a repositories glob");
        }
        return new RepositoryGlob(text.trim());
    }

    public boolean matches(RepositoryName name) {
        return pattern.matcher(name.value()).matches();
    }

    /** Every matching name starts with this. */
    public String literalPrefix() {
        return literalPrefix;
    }

    @Override
    public String toString() {
        return text;
    }
}
