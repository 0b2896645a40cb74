package dev.berth.registry.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * A Java base image made from this machine's JDK, standing in for {@code eclipse-temurin} (Docker
 * Hub is not reachable here): the JDK at {@code /opt/java/openjdk} with {@code JAVA_HOME} and
 * {@code PATH} set as Temurin's images set them, the shared libraries {@code ldd} says it loads, a
 * static busybox as {@code /bin/sh} and the other tools the Maven wrapper runs, CA certificates, a
 * root user and {@code /tmp}. The tar is written straight into {@code docker import -}.
 *
 * <p>The tag names a fingerprint of its inputs, so an image made by an earlier run is reused: it
 * is a cache, like the build cache docker keeps for the Dockerfile's stages.
 */
final class JdkBaseImage {
    /** Changes when what goes into the image changes, so an old image is not reused. */
    private static final String FORMAT = "1";
    private static final String JAVA_HOME = "opt/java/openjdk";
    private static final Pattern LOADED_LIBRARY = Pattern.compile("(/\\S+) \\(0x[0-9a-f]+\\)");
    private static final Path CA_BUNDLE = Path.of("/etc/ssl/certs/ca-certificates.crt");

    private JdkBaseImage() {
    }

    /** The JDK the image test builds and runs Berth on: Temurin 25 where the machine has it, else the JDK running the tests. */
    static Path preferredJdk() {
        Path temurin25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");
        return Files.isExecutable(temurin25.resolve("bin/javac")) ? temurin25 : Path.of(System.getProperty("java.home"));
    }

    /** The tag of a base image holding {@code jdk}, imported now unless an earlier run left it. */
    static String ensure(DockerCli docker, Path jdk) {
        if (!Files.isExecutable(jdk.resolve("bin/javac"))) {
            throw new AssertionError(jdk + " is no JDK (no bin/javac); the image's build stage compiles Berth with it");
        }
        String tag = "berth-test/jdk-base:" + fingerprint(jdk);
        if (docker.attempt("image", "inspect", "--format", "{{.Id}}", tag).succeeded()) {
            return tag;
        }
        docker.run(stdin -> writeRootFilesystem(jdk, stdin),
                "import", "--change", "ENV JAVA_HOME=/" + JAVA_HOME,
                "--change", "ENV PATH=/" + JAVA_HOME + "/bin:/usr/bin:/bin", "-", tag);
        return tag;
    }

    private static String fingerprint(Path jdk) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update((FORMAT + "\n" + jdk.toRealPath() + "\n").getBytes(StandardCharsets.UTF_8));
            sha256.update(Files.readAllBytes(jdk.resolve("release")));
            sha256.update(Long.toString(Files.size(DockerCli.STATIC_BUSYBOX)).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha256.digest()).substring(0, 16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void writeRootFilesystem(Path jdk, OutputStream out) throws IOException {
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out);
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        Set<String> directories = new HashSet<>();
        directory(tar, directories, "tmp", 01777);
        directory(tar, directories, "root", 0700);
        text(tar, directories, "etc/passwd", "root:x:0:0:root:/root:/bin/sh\n");
        text(tar, directories, "etc/group", "root:x:0:\n");
        file(tar, directories, "etc/ssl/certs/ca-certificates.crt", CA_BUNDLE, 0644);
        // Links are followed: a distribution's JDK links files to /etc (cacerts, configuration).
        Path realJdk = jdk.toRealPath();
        try (Stream<Path> tree = Files.walk(realJdk, FileVisitOption.FOLLOW_LINKS)) {
            for (Path path : (Iterable<Path>) tree.sorted()::iterator) {
                String name = JAVA_HOME + (path.equals(realJdk) ? "" : "/" + realJdk.relativize(path));
                if (name.endsWith("/lib/src.zip") || !Files.exists(path)) {
                    continue; // sources nothing runs; a dangling link
                }
                if (Files.isDirectory(path)) {
                    directory(tar, directories, name, 0755);
                } else {
                    file(tar, directories, name, path, mode(path));
                }
            }
        }
        for (Path library : sharedLibraries(realJdk)) {
            file(tar, directories, library.toString().substring(1), library, 0755);
        }
        file(tar, directories, "bin/busybox", DockerCli.STATIC_BUSYBOX, 0755);
        for (String applet : busyboxApplets()) {
            TarArchiveEntry link = new TarArchiveEntry("bin/" + applet, TarArchiveEntry.LF_SYMLINK);
            link.setLinkName("busybox");
            tar.putArchiveEntry(link);
            tar.closeArchiveEntry();
        }
        tar.finish();
    }

    /** The libraries outside the JDK that its programs and libraries load, as {@code ldd} resolves them here. */
    private static Set<Path> sharedLibraries(Path jdk) throws IOException {
        List<String> command = new ArrayList<>(List.of("ldd", jdk.resolve("bin/java").toString(),
                jdk.resolve("bin/javac").toString(), jdk.resolve("lib/server/libjvm.so").toString()));
        try (Stream<Path> libraries = Files.list(jdk.resolve("lib"))) {
            libraries.filter(path -> path.getFileName().toString().endsWith(".so")).map(Path::toString).sorted()
                    .forEach(command::add);
        }
        Set<Path> found = new TreeSet<>();
        Matcher loaded = LOADED_LIBRARY.matcher(output(command));
        while (loaded.find()) {
            Path library = Path.of(loaded.group(1)).normalize();
            if (!library.startsWith(jdk) && Files.isRegularFile(library)) {
                found.add(library);
            }
        }
        return found;
    }

    private static List<String> busyboxApplets() throws IOException {
        return output(List.of(DockerCli.STATIC_BUSYBOX.toString(), "--list")).lines()
                .map(String::strip).filter(name -> !name.isEmpty() && !name.equals("busybox")).toList();
    }

    /** What a local command printed (ldd prints "not found" for libraries of optional parts; that is no failure here). */
    private static String output(List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        process.getOutputStream().close();
        try (InputStream stdout = process.getInputStream()) {
            String printed = new String(stdout.readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("timed out: " + String.join(" ", command));
            }
            return printed;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + String.join(" ", command), e);
        }
    }

    private static void directory(TarArchiveOutputStream tar, Set<String> written, String name, int mode) throws IOException {
        if (!written.add(name)) {
            return;
        }
        parents(tar, written, name);
        TarArchiveEntry entry = new TarArchiveEntry(name + "/", TarArchiveEntry.LF_DIR);
        entry.setMode(TarArchiveEntry.DEFAULT_DIR_MODE & ~07777 | mode);
        tar.putArchiveEntry(entry);
        tar.closeArchiveEntry();
    }

    private static void file(TarArchiveOutputStream tar, Set<String> directories, String name, Path source, int mode) throws IOException {
        parents(tar, directories, name);
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setSize(Files.size(source));
        entry.setMode(TarArchiveEntry.DEFAULT_FILE_MODE & ~07777 | mode);
        tar.putArchiveEntry(entry);
        Files.copy(source, tar);
        tar.closeArchiveEntry();
    }

    private static void text(TarArchiveOutputStream tar, Set<String> directories, String name, String content) throws IOException {
        parents(tar, directories, name);
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setSize(bytes.length);
        entry.setMode(TarArchiveEntry.DEFAULT_FILE_MODE & ~07777 | 0644);
        tar.putArchiveEntry(entry);
        tar.write(bytes);
        tar.closeArchiveEntry();
    }

    private static void parents(TarArchiveOutputStream tar, Set<String> written, String name) throws IOException {
        int slash = name.lastIndexOf('/');
        if (slash > 0) {
            directory(tar, written, name.substring(0, slash), 0755);
        }
    }

    private static int mode(Path path) throws IOException {
        int mode = 0;
        for (PosixFilePermission permission : Files.getPosixFilePermissions(path)) {
            mode |= 1 << (8 - permission.ordinal());
        }
        return mode;
    }
}
