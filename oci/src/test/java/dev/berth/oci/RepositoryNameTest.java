package dev.berth.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RepositoryNameTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "app", "team/app/sub", "a.b_c__d--e", "a---b", "0", "library/ubuntu", "a1/b2/c3.d4"})
    void acceptsNamesOfTheSpecGrammar(String value) {
        assertThat(RepositoryName.of(value).value()).isEqualTo(value);
        assertThat(RepositoryName.isValid(value)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "App", "team/App", "/a", "a/", "-a", "a-", ".a", "a.", "_a", "a_", "a//b",
            "_uploads", "a/_uploads", "a/_manifests", "..", ".", "a/../b", "a/./b", "a..b", "a___b", "a b", "a:b",
            "a\\b", "a/b/"})
    void rejectsNamesOutsideTheGrammar(String value) {
        assertThatThrownBy(() -> RepositoryName.of(value))
                .isInstanceOfSatisfying(OciException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.NAME_INVALID);
                    assertThat(e.getMessage()).startsWith("invalid repository name: "); // names the rule
                });
        assertThat(RepositoryName.isValid(value)).isFalse();
    }

    @Test
    void rejectsNull() {
        assertThatThrownBy(() -> RepositoryName.of(null))
                .isInstanceOfSatisfying(OciException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NAME_INVALID));
    }

    @Test
    void acceptsUpTo255Characters() {
        String name = "a".repeat(100) + "/" + "b".repeat(154);

        assertThat(name).hasSize(255);
        assertThat(RepositoryName.isValid(name)).isTrue();
    }

    @Test
    void rejectsMoreThan255Characters() {
        String name = "a".repeat(100) + "/" + "b".repeat(155);

        assertThatThrownBy(() -> RepositoryName.of(name))
                .isInstanceOfSatisfying(OciException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NAME_INVALID));
    }

    @Test
    void namesSortLexically() {
        assertThat(RepositoryName.of("a/b")).isGreaterThan(RepositoryName.of("a"));
        assertThat(RepositoryName.of("b")).isGreaterThan(RepositoryName.of("a/b"));
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "Team/App       | it has upper-case letters ('T'); repository names are lower-case",
            "team/app!      | it contains '!'; a name has only lower-case letters, digits, '.', '_', '-' and '/' between its parts",
            "team//app      | it has an empty part (a '/' at the start or end, or '//')",
            "team/app/      | it has an empty part (a '/' at the start or end, or '//')",
            "team/-app      | its part '-app' must start and end with a letter or digit",
            "team/my..app   | its part 'my..app' joins words with '..'; use one '.', one or two '_', or dashes",
            "team/my___app  | its part 'my___app' joins words with '___'; use one '.', one or two '_', or dashes",
            "team/my._app   | its part 'my._app' joins words with '._'; use one '.', one or two '_', or dashes"})
    void theErrorSaysWhichRuleTheNameBreaks(String name, String rule) {
        assertThatThrownBy(() -> RepositoryName.of(name))
                .isInstanceOf(OciException.class)
                .hasMessage("invalid repository name: " + rule);
    }

    @org.junit.jupiter.api.Test
    void theErrorOfATooLongNameGivesItsLength() {
        assertThatThrownBy(() -> RepositoryName.of("a".repeat(300)))
                .hasMessage("invalid repository name: it is 300 characters long; at most 255 are allowed");
    }
}
