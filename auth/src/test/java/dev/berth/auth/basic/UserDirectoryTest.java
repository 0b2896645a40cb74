package dev.berth.auth.basic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.auth.AuthMode;
import dev.berth.auth.AuthProperties;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
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
        long[] wrongPassword = new long[7];
        long[] unknownName = new long[7];
        // interleaved, so a burst of load on the machine slows both alike
        for (int i = 0; i < wrongPassword.length; i++) {
            wrongPassword[i] = nanos(() -> users.authenticate("alice", "wrong"));
            unknownName[i] = nanos(() -> users.authenticate("mallory", "wrong"));
        }

        // Both run a cost-10 bcrypt; a refusal without one would take microseconds, not milliseconds.
        assertThat(median(unknownName)).isGreaterThan(median(wrongPassword) / 2);
    }

    private static long nanos(Runnable check) {
        long start = System.nanoTime();
        check.run();
        return System.nanoTime() - start;
    }

    private static long median(long[] times) {
        long[] sorted = times.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
