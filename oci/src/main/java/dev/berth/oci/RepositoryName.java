package dev.berth.oci;

import java.util.regex.Pattern;

/**
 * A repository name per the OCI distribution spec grammar, e.g. {@code team/app/sub}. The grammar
 * excludes dots-only and underscore-led components, so a valid name is safe in a storage path.
 */
public record RepositoryName(String value) implements Comparable<RepositoryName> {
    /** Docker's limit; the spec leaves it to registries. */
    public static final int MAX_LENGTH = 255;
    private static final Pattern GRAMMAR = Pattern.compile(
            "[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*)*");

    public RepositoryName {
        if (!isValid(value)) {
            throw new OciException(ErrorCode.NAME_INVALID, NameRules.repositoryName(value)
                    .map(rule -> "invalid repository name: " + rule).orElse("invalid repository name"), value == null ? null
                    : java.util.Map.of("name", value.length() > 300 ? value.substring(0, 300) : value));
        }
    }

    public static RepositoryName of(String value) {
        return new RepositoryName(value);
    }

    public static boolean isValid(String value) {
        return value != null && !value.isEmpty() && value.length() <= MAX_LENGTH && GRAMMAR.matcher(value).matches();
    }

    @Override
    public String toString() {
        return value;
    }

    @Override
    public int compareTo(RepositoryName other) {
        return value.compareTo(other.value);
    }
}
