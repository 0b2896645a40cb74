package dev.berth.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TagTest {

    @ParameterizedTest
    @ValueSource(strings = {"latest", "v1.2.3", "1", "_private", "Release-Candidate_2", "a.b-c_d"})
    void acceptsTagsOfTheSpecGrammar(String value) {
        assertThat(new Tag(value).value()).isEqualTo(value);
    }

    @Test
    void accepts128Characters() {
        assertThat(new Tag("t".repeat(128)).value()).hasSize(128);
    }

    @Test
    void rejects129Characters() {
        assertInvalid("t".repeat(129));
    }

    @ParameterizedTest
    @ValueSource(strings = {".hidden", "-dash", "", "a/b", "a:b", "sha256:abc", "a b", "..", "ü"})
    void rejectsTagsOutsideTheGrammar(String value) {
        assertInvalid(value);
    }

    @Test
    void rejectsNull() {
        assertInvalid(null);
    }

    private static void assertInvalid(String value) {
        assertThatThrownBy(() -> new Tag(value))
                .isInstanceOfSatisfying(OciException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MANIFEST_INVALID));
        assertThat(Tag.isValid(value)).isFalse();
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "-bad     | invalid tag '-bad': it starts with '-'; a tag starts with a letter, a digit or '_'",
            "v1+build | invalid tag 'v1+build': it contains '+'; a tag has only letters, digits, '_', '.' and '-'"})
    void theErrorSaysWhichRuleTheTagBreaks(String tag, String message) {
        assertThatThrownBy(() -> new Tag(tag)).isInstanceOf(OciException.class).hasMessage(message);
    }

    @Test
    void theErrorOfATooLongTagGivesItsLength() {
        assertThatThrownBy(() -> new Tag("a".repeat(200)))
                .hasMessageEndingWith(": it is 200 characters long; at most 128 are allowed");
    }
}
