package dev.berth.auth.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.oci.RepositoryName;
import org.junit.jupiter.api.Test;

class RepositoryPatternTest {

    private static boolean matches(String pattern, String name) {
        return RepositoryPattern.of(pattern).matches(RepositoryName.of(name));
    }

    @Test
    void doubleStarMatchesAcrossComponentsBelowItsPrefix() {
        assertThat(matches("team-a/**", "team-a/app")).isTrue();
        assertThat(matches("team-a/**", "team-a/x/y")).isTrue();
        assertThat(matches("team-a/**", "team-a")).isFalse();
        assertThat(matches("team-a/**", "team-ab/app")).isFalse();
        assertThat(matches("**", "anything/at/all")).isTrue();
    }

    @Test
    void singleStarStaysWithinOneComponent() {
        assertThat(matches("team-a/*", "team-a/app")).isTrue();
        assertThat(matches("team-a/*", "team-a/x/y")).isFalse();
        assertThat(matches("*/app", "team-b/app")).isTrue();
    }

    @Test
    void everythingElseIsLiteral() {
        assertThat(matches("team.a/app", "team.a/app")).isTrue();
        assertThat(matches("team.a/app", "teamxa/app")).isFalse();
        assertThat(matches("team-a/app", "team-a/app2")).isFalse();
    }

    @Test
    void emptyPatternIsRefused() {
        assertThatThrownBy(() -> RepositoryPattern.of(" ")).isInstanceOf(IllegalArgumentException.class);
    }
}
