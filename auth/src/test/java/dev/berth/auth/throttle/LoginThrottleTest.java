package dev.berth.auth.throttle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.auth.AuthProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
    private Instant now = Instant.parse("2030-01-01T00:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

    private LoginThrottle throttle(int maxClients) {
        return new LoginThrottle(new AuthProperties.Throttle(3, Duration.ofSeconds(10), maxClients), clock);
    }

    @Test
    void waitStartsAtTheLimitAndDoublesWithEachFurtherFailure() {
        LoginThrottle throttle = throttle(100);
        throttle.failed("1.2.3.4");
        throttle.failed("1.2.3.4");
        assertThat(throttle.waitFor("1.2.3.4")).isEmpty();

        throttle.failed("1.2.3.4");
        assertThat(throttle.waitFor("1.2.3.4")).contains(Duration.ofSeconds(10));
        throttle.failed("1.2.3.4");
        assertThat(throttle.waitFor("1.2.3.4")).contains(Duration.ofSeconds(20));
        assertThat(throttle.waitFor("5.6.7.8")).isEmpty();

        now = now.plusSeconds(20);
        assertThat(throttle.waitFor("1.2.3.4")).isEmpty();
    }

    @Test
    void waitIsCappedAndSuccessForgets() {
        LoginThrottle throttle = throttle(100);
        for (int i = 0; i < 40; i++) {
            throttle.failed("1.2.3.4");
        }
        assertThat(throttle.waitFor("1.2.3.4")).contains(Duration.ofMinutes(15));

        throttle.succeeded("1.2.3.4");
        assertThat(throttle.waitFor("1.2.3.4")).isEmpty();
    }

    @Test
    void memoryIsBoundedByForgettingTheLeastRecentlySeen() {
        LoginThrottle throttle = throttle(2);
        for (int i = 0; i < 3; i++) {
            throttle.failed("old");
        }
        throttle.failed("a");
        throttle.failed("b");

        assertThat(throttle.waitFor("old")).isEmpty();
    }
}
