package dev.berth.registry.e2e;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * An IPv4 address outside 127.0.0.0/8 that only this machine can reach: a random one from
 * 198.18.0.0/15 (reserved for benchmarking, never routed) added to the loopback interface with
 * {@code ip addr add}, and removed again on {@link #close()}.
 *
 * <p>The docker daemon treats registries on 127.0.0.0/8 as insecure: it talks to them without
 * verifying their certificate (or over plain HTTP). On any other address it verifies, with the
 * system's CAs and those in {@code /etc/docker/certs.d/<host:port>/}; a TLS test needs such an
 * address to prove anything. The address lives on {@code lo}, so its traffic never leaves the machine.
 */
final class LocalOnlyAddress implements AutoCloseable {
    private final String address;

    private LocalOnlyAddress(String address) {
        this.address = address;
    }

    /** Adds a fresh address (needs root, as CI runs; iproute2's {@code ip}, which .ci/run installs). */
    static LocalOnlyAddress add() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String address = "198.18." + random.nextInt(0, 256) + "." + random.nextInt(1, 255);
        ip("addr", "add", address + "/32", "dev", "lo");
        return new LocalOnlyAddress(address);
    }

    String address() {
        return address;
    }

    @Override
    public void close() {
        ip("addr", "del", address + "/32", "dev", "lo");
    }

    private static void ip(String... args) {
        List<String> command = new ArrayList<>(List.of("ip"));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new AssertionError(String.join(" ", command) + " failed (root and iproute2 are needed): " + output);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run " + String.join(" ", command) + " (Debian package iproute2)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted: " + String.join(" ", command), e);
        }
    }
}
