package dev.berth.auth.rules;

import static dev.berth.auth.access.Action.ADMIN;
import static dev.berth.auth.access.Action.DELETE;
import static dev.berth.auth.access.Action.PULL;
import static dev.berth.auth.access.Action.PUSH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.auth.access.Action;
import dev.berth.auth.access.Identity;
import dev.berth.oci.RepositoryName;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AccessDeciderTest {
    private static final Identity BOB = Identity.user("bob", Set.of("team-a"));
    private static final Identity EVE = Identity.user("eve", Set.of());

    private static AccessRule rule(String pattern, List<String> users, List<String> groups, boolean anonymous,
                                   Action... actions) {
        return new AccessRule(List.of(pattern), users, groups, anonymous, List.of(actions));
    }

    private static RepositoryName name(String value) {
        return RepositoryName.of(value);
    }

    @Test
    void withoutRulesSignedInUsersMayDoAllButAdminAndStrangersNothing() {
        AccessDecider decider = new AccessDecider(List.of());

        assertThat(decider.allowed(EVE, name("any/thing"))).containsExactlyInAnyOrder(PULL, PUSH, DELETE);
        assertThat(decider.allowed(Identity.ANONYMOUS, name("any/thing"))).isEmpty();
        assertThat(decider.isAdmin(EVE)).isFalse();
    }

    @Test
    void actionsOfEveryMatchingRuleAddUp() {
        AccessDecider decider = new AccessDecider(List.of(
                rule("team-a/**", List.of(), List.of("team-a"), false, PULL),
                rule("team-a/app", List.of("bob"), List.of(), false, PUSH),
                rule("team-b/**", List.of("*"), List.of(), false, PULL)));

        assertThat(decider.allowed(BOB, name("team-a/app"))).containsExactlyInAnyOrder(PULL, PUSH);
        assertThat(decider.allowed(BOB, name("team-a/other"))).containsExactly(PULL);
        assertThat(decider.allowed(EVE, name("team-a/app"))).isEmpty();
        assertThat(decider.allowed(EVE, name("team-b/x"))).containsExactly(PULL);
        assertThat(decider.allowed(Identity.ANONYMOUS, name("team-b/x"))).isEmpty();
    }

    @Test
    void anonymousRulesCoverEveryone() {
        AccessDecider decider = new AccessDecider(List.of(rule("public/**", List.of(), List.of(), true, PULL)));

        assertThat(decider.allowed(Identity.ANONYMOUS, name("public/x"))).containsExactly(PULL);
        assertThat(decider.allowed(EVE, name("public/x"))).containsExactly(PULL);
        assertThat(decider.allowed(Identity.ANONYMOUS, name("private/x"))).isEmpty();
    }

    @Test
    void adminImpliesEverythingAndOnlyOnDoubleStarTheAdminApi() {
        AccessDecider decider = new AccessDecider(List.of(
                rule("**", List.of(), List.of("admins"), false, ADMIN),
                rule("team-a/**", List.of("bob"), List.of(), false, ADMIN)));
        Identity alice = Identity.user("alice", Set.of("admins"));

        assertThat(decider.allowed(alice, name("x/y"))).containsExactlyInAnyOrder(PULL, PUSH, DELETE, ADMIN);
        assertThat(decider.allowed(BOB, name("team-a/y"))).contains(DELETE);
        assertThat(decider.isAdmin(alice)).isTrue();
        assertThat(decider.isAdmin(BOB)).isFalse();
    }

    @Test
    void rulesThatCannotMeanAnythingSafeAreRefusedAtStartup() {
        assertThatThrownBy(() -> new AccessDecider(List.of(rule("public/**", List.of(), List.of(), true, PUSH))))
                .hasMessageContaining("anonymous");
        assertThatThrownBy(() -> new AccessDecider(List.of(new AccessRule(List.of(), List.of("bob"), List.of(),
                false, List.of(PULL))))).hasMessageContaining("repositories");
        assertThatThrownBy(() -> new AccessDecider(List.of(rule("x/**", List.of(), List.of(), false, PULL))))
                .hasMessageContaining("nobody");
        assertThatThrownBy(() -> new AccessDecider(List.of(rule("x/**", List.of("bob"), List.of(), false))))
                .hasMessageContaining("no actions");
    }
}
