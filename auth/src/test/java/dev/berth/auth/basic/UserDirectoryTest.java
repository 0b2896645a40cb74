package dev.berth.auth.basic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.auth.AuthMode;
import dev.berth.auth.AuthProperties;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

class UserDirectoryTest {
    private static final String ALICE_HASH = new BCryptPasswordEncoder(10).encode("alicepw");

    private final UserDirectory users = new UserDirectory(new AuthProperties(AuthMode.BASIC, null,
            List.of(new AuthProperties.User("alice", ALICE_HASH, List.of("ops"))), Map.of(), List.of(), null, null));

    @Test
    void theRightPasswordSignsInAndNothingElseDoes() {
        assertThat(users.authenticate("alice", "alicepw")).hasValueSatisfying(
                identity -> assertThat(identity.groups()).containsExactly("ops"));
        assertThat(users.authenticate("alice", "wrong")).isEmpty();
        assertThat(users.authenticate("mallory", "alicepw")).isEmpty();
    }

    @Test
    void anUnknownNameTakesAsLongToRefuseAsAWrongPassword() {
        users.authenticate("alice", "warm-up");

        long wrongPassword = medianNanos(() -> users.authenticate("alice", "wrong"));
        long unknownName = medianNanos(() -> users.authenticate("mallory", "wrong"));

        // Both run a cost-10 bcrypt; a refusal without one would take microseconds, not milliseconds.
        assertThat(unknownName).isGreaterThan(wrongPassword / 2);
    }

    private static long medianNanos(Supplier<?> check) {
        long[] times = new long[5];
        for (int i = 0; i < times.length; i++) {
            long start = System.nanoTime();
            check.get();
            times[i] = System.nanoTime() - start;
        }
        Arrays.sort(times);
        return times[times.length / 2];
    }
}
