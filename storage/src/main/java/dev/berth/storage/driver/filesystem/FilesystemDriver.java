package dev.berth.storage.driver.filesystem;

import dev.berth.storage.driver.AppendingWriter;
import dev.berth.storage.driver.ContentMissingException;
import dev.berth.storage.driver.ContentReader;
import dev.berth.storage.driver.FileStat;
import dev.berth.storage.driver.StorageDriver;
import dev.berth.storage.driver.StorageFailureException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Keeps everything under one folder. Atomicity comes from writing a temporary file beside the
 * target, forcing it to disk, then renaming it over the target ({@code ATOMIC_MOVE}) and forcing the
 * folder, so a crash at any moment leaves either the old or the new file.
 */
public final class FilesystemDriver implements StorageDriver {
    /** Prefix of files being written; {@link #list} hides them and a crash may leave them behind. */
    static final String TEMP_PREFIX = ".tmp-";
    /** Tries of a write whose folder a concurrent delete removed; one retry is nearly always enough. */
    private static final int MAX_ATTEMPTS = 5;

    private final Path root;

    public FilesystemDriver(Path root) {
        try {
            this.root = Files.createDirectories(root).toRealPath();
        } catch (IOException e) {
            throw new StorageFailureException("cannot create storage root " + root, e);
        }
    }

    public Path root() {
        return root;
    }

    @Override
    public Optional<byte[]> read(String path) {
        try {
            return Optional.of(Files.readAllBytes(resolve(path)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw failure("read", path, e);
        }
    }

    @Override
    public void write(String path, byte[] content) {
        Path target = resolve(path);
        for (int attempt = 1; ; attempt++) {
            Path temp = null;
            try {
                Files.createDirectories(target.getParent());
                temp = target.resolveSibling(TEMP_PREFIX + UUID.randomUUID());
                try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                    ByteBuffer buffer = ByteBuffer.wrap(content);
                    while (buffer.hasRemaining()) {
                        channel.write(buffer);
                    }
                    channel.force(true);
                }
                moveAtomically(temp, target);
                return;
            } catch (NoSuchFileException e) {
                // A concurrent delete of the folder (garbage collection) removed it under us: write again.
                deleteQuietly(temp);
                if (attempt == MAX_ATTEMPTS) {
                    throw failure("write", path, e);
                }
            } catch (IOException e) {
                deleteQuietly(temp);
                throw failure("write", path, e);
            }
        }
    }

    @Override
    public Optional<FileStat> stat(String path) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(resolve(path), BasicFileAttributes.class);
            return attributes.isRegularFile()
                    ? Optional.of(new FileStat(attributes.size(), attributes.lastModifiedTime().toInstant()))
                    : Optional.empty();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw failure("stat", path, e);
        }
    }

    @Override
    public ContentReader open(String path) {
        try {
            Path file = resolve(path);
            return new FileContentReader(file, FileChannel.open(file, StandardOpenOption.READ));
        } catch (NoSuchFileException e) {
            throw new ContentMissingException(path);
        } catch (IOException e) {
            throw failure("open", path, e);
        }
    }

    @Override
    public List<String> list(String folder) {
        try (Stream<Path> children = Files.list(resolve(folder))) {
            List<String> names = new ArrayList<>();
            children.map(child -> child.getFileName().toString())
                    .filter(name -> !name.startsWith(TEMP_PREFIX))
                    .forEach(names::add);
            return names;
        } catch (NoSuchFileException | java.nio.file.NotDirectoryException e) {
            return List.of();
        } catch (IOException e) {
            throw failure("list", folder, e);
        }
    }

    @Override
    public boolean exists(String path) {
        return Files.exists(resolve(path));
    }

    @Override
    public void delete(String path) {
        Path target = resolve(path);
        if (target.equals(root)) {
            throw new IllegalArgumentException("refusing to delete the storage root");
        }
        try (Stream<Path> tree = Files.walk(target)) {
            for (Path each : tree.sorted(Comparator.reverseOrder()).toList()) {
                try {
                    Files.deleteIfExists(each);
                } catch (DirectoryNotEmptyException e) {
                    // A concurrent writer added a file; what it wrote is its own to keep.
                }
            }
        } catch (NoSuchFileException e) {
            // already gone
        } catch (IOException | UncheckedIOException e) {
            throw new StorageFailureException("cannot delete " + path, e);
        }
    }

    /** Also removes the folder the file leaves empty, so removed blobs leave no folders to list. */
    @Override
    public void deleteFile(String path) {
        Path target = resolve(path);
        try {
            Files.deleteIfExists(target);
            Path folder = target.getParent();
            if (!folder.equals(root)) {
                Files.deleteIfExists(folder);
            }
        } catch (DirectoryNotEmptyException e) {
            // the folder holds other files, or a concurrent writer's: it stays
        } catch (IOException e) {
            throw new StorageFailureException("cannot delete " + path, e);
        }
    }

    @Override
    public AppendingWriter append(String path, long offset) {
        Path target = resolve(path);
        try {
            Files.createDirectories(target.getParent());
            FileChannel channel = FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            if (channel.size() < offset) {
                channel.close();
                throw new StorageFailureException("upload data at " + path + " is shorter than its recorded offset " + offset, null);
            }
            channel.truncate(offset);
            channel.position(offset);
            return new FileAppendingWriter(channel, path);
        } catch (IOException e) {
            throw failure("append to", path, e);
        }
    }

    @Override
    public void publish(String source, String target) {
        Path from = resolve(source);
        Path to = resolve(target);
        for (int attempt = 1; ; attempt++) {
            try {
                flush(from);
                Files.createDirectories(to.getParent());
                moveAtomically(from, to);
                return;
            } catch (NoSuchFileException e) {
                if (!Files.exists(from)) {
                    throw new ContentMissingException(source);
                }
                if (attempt == MAX_ATTEMPTS) {
                    throw failure("publish", target, e); // the target folder keeps vanishing
                }
            } catch (IOException e) {
                throw failure("publish", target, e);
            }
        }
    }

    private void moveAtomically(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException | FileAlreadyExistsException e) {
            throw new IOException("the storage root must be one filesystem that supports atomic rename", e);
        }
        forceFolder(to.getParent());
    }

    /** Flushes appended data to disk before it is published: commits only kept it in the file. */
    private static void flush(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(false);
        }
    }

    /** Makes a rename durable: the new directory entry is only safe once the folder itself is flushed. */
    private static void forceFolder(Path folder) {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Some filesystems cannot open folders for sync; the rename itself is still atomic.
        }
    }

    private Path resolve(String path) {
        Path resolved = root.resolve(path).normalize();
        if (!resolved.startsWith(root)) {
            throw new IllegalArgumentException("path escapes the storage root: " + path);
        }
        return resolved;
    }

    private static void deleteQuietly(Path path) {
        if (path != null) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException ignored) {
                // best effort: a stray temp file is hidden from listings
            }
        }
    }

    private static StorageFailureException failure(String action, String path, IOException cause) {
        return new StorageFailureException("cannot " + action + " " + path + ": " + cause.getMessage(), cause);
    }
}
