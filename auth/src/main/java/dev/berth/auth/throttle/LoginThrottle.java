package dev.berth.auth.throttle;

import dev.berth.auth.AuthProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Slows down password guessing: after {@code maxFailures} failed logins from one client address,
 * that address must wait before trying again, twice as long after each further failure (at most
 * 15 minutes). A success forgets the address. In memory and bounded: the least recently seen
 * addresses are forgotten first, so a flood of addresses cannot exhaust memory.
 */
public final class LoginThrottle {
    private static final Duration MAX_WAIT = Duration.ofMinutes(15);

    private final int maxFailures;
    private final Duration lockout;
    private final Clock clock;
    private final Map<String, Failures> clients;

    public LoginThrottle(AuthProperties.Throttle settings, Clock clock) {
        this.maxFailures = Math.max(1, settings.maxFailures());
        this.lockout = settings.lockout();
        this.clock = clock;
        int maxClients = Math.max(1, settings.maxClients());
        this.clients = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Failures> eldest) {
                return size() > maxClients;
            }
        };
    }

    private record Failures(int count, Instant blockedUntil) {
    }

    /** How long the client must still wait, if it must. */
    public synchronized Optional<Duration> waitFor(String client) {
        Failures failures = clients.get(client);
        if (failures == null || failures.blockedUntil() == null) {
            return Optional.empty();
        }
        Duration left = Duration.between(clock.instant(), failures.blockedUntil());
        return left.isNegative() || left.isZero() ? Optional.empty() : Optional.of(left);
    }

    public synchronized void failed(String client) {
        Failures previous = clients.get(client);
        int count = previous == null ? 1 : previous.count() + 1;
        Instant blockedUntil = null;
        if (count >= maxFailures) {
            int doublings = Math.min(count - maxFailures, 20);
            Duration wait = lockout.multipliedBy(1L << doublings);
            blockedUntil = clock.instant().plus(wait.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : wait);
        }
        clients.put(client, new Failures(count, blockedUntil));
    }

    public synchronized void succeeded(String client) {
        clients.remove(client);
    }
}
