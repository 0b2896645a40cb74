package dev.berth.storage.driver;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.storage.testsupport.AtOnce;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link StorageDriver} must do. A driver's test extends this class and says how to
 * create a driver over an empty store; each test gets a fresh one.
 */
public abstract class StorageDriverContract {

    protected StorageDriver driver;

    /** A driver over an empty store, private to the current test. */
    protected abstract StorageDriver createDriver();

    @BeforeEach
    void createEmptyStore() {
        driver = createDriver();
    }

    // read / write / size

    @Test
    void deleteFileRemovesOneFileAndIgnoresWhatIsNotThere() {
        driver.write("f/one", bytes("1"));
        driver.write("f/two", bytes("2"));

        driver.deleteFile("f/one");
        driver.deleteFile("f/missing");

        assertThat(driver.read("f/one")).isEmpty();
        assertThat(driver.read("f/two")).isPresent();
    }

    @Test
    void readOfMissingFileIsEmpty() {
        assertThat(driver.read("nothing/here")).isEmpty();
    }

    @Test
    void writeThenReadReturnsTheSameBytes() {
        driver.write("a/b/c", bytes("hello"));

        assertThat(driver.read("a/b/c")).hasValueSatisfying(content -> assertThat(content).isEqualTo(bytes("hello")));
    }

    @Test
    void writeOfEmptyContentCreatesAnEmptyFile() {
        driver.write("empty", new byte[0]);

        assertThat(driver.read("empty")).hasValueSatisfying(content -> assertThat(content).isEmpty());
        assertThat(driver.stat("empty").map(FileStat::size)).hasValue(0L);
    }

    @Test
    void writeReplacesExistingContent() {
        driver.write("file", bytes("a much longer first version"));
        driver.write("file", bytes("short"));

        assertThat(driver.read("file")).hasValueSatisfying(content -> assertThat(content).isEqualTo(bytes("short")));
    }

    @Test
    void sizeIsTheFileLengthInBytes() {
        driver.write("file", new byte[1234]);

        assertThat(driver.stat("file").map(FileStat::size)).hasValue(1234L);
    }

    @Test
    void sizeOfMissingFileIsEmpty() {
        assertThat(driver.stat("missing").map(FileStat::size)).isEmpty();
    }

    @Test
    void statOfAFolderIsEmpty() {
        driver.write("folder/file", bytes("x"));

        assertThat(driver.stat("folder")).isEmpty();
        assertThat(driver.stat("folder/file")).isPresent();
    }

    @Test
    void statOfAppendedDataCountsEveryCommittedByte() {
        try (AppendingWriter writer = driver.append("uploads/s/data", 0)) {
            writer.write(new byte[700], 0, 700);
            writer.commit();
        }
        try (AppendingWriter writer = driver.append("uploads/s/data", 700)) {
            writer.write(new byte[300], 0, 300);
            writer.commit();
        }

        assertThat(driver.stat("uploads/s/data").map(FileStat::size)).hasValue(1000L);
    }

    // modified

    @Test
    void modifiedIsWhenTheFileWasWritten() {
        Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        driver.write("file", bytes("x"));
        Instant after = Instant.now();

        // Stores keep whole seconds at worst, and a server's clock may be a little off ours.
        assertThat(driver.stat("file").map(FileStat::modified)).hasValueSatisfying(modified ->
                assertThat(modified).isBetween(before.minusSeconds(2), after.plusSeconds(2)));
    }

    @Test
    void modifiedMovesOnWhenTheFileIsReplaced() throws InterruptedException {
        driver.write("file", bytes("first"));
        Instant first = driver.stat("file").map(FileStat::modified).orElseThrow();
        Thread.sleep(1100);

        driver.write("file", bytes("second"));

        assertThat(driver.stat("file").map(FileStat::modified)).hasValueSatisfying(modified -> assertThat(modified).isAfter(first));
    }

    @Test
    void modifiedOfMissingFileIsEmpty() {
        assertThat(driver.stat("missing").map(FileStat::modified)).isEmpty();
    }

    // open / copyTo

    @Test
    void openReportsSizeAndCopiesTheWholeFile() throws IOException {
        byte[] content = pattern(300_000);
        driver.write("big", content);

        try (ContentReader reader = driver.open("big")) {
            assertThat(reader.size()).isEqualTo(content.length);
            assertThat(copy(reader, 0, content.length)).isEqualTo(content);
        }
    }

    @Test
    void copyToHonoursOffsetAndLength() throws IOException {
        byte[] content = pattern(1000);
        driver.write("file", content);

        try (ContentReader reader = driver.open("file")) {
            assertThat(copy(reader, 100, 50)).isEqualTo(slice(content, 100, 50));
            assertThat(copy(reader, 990, 10)).isEqualTo(slice(content, 990, 10));
            assertThat(copy(reader, 0, 1)).isEqualTo(slice(content, 0, 1));
            assertThat(copy(reader, 500, 0)).isEmpty();
        }
    }

    @Test
    void copyToCanBeCalledRepeatedlyOnOneReader() throws IOException {
        byte[] content = pattern(600_000);
        driver.write("file", content);

        try (ContentReader reader = driver.open("file")) {
            assertThat(copy(reader, 300_000, 300_000)).isEqualTo(slice(content, 300_000, 300_000));
            assertThat(copy(reader, 0, 300_000)).isEqualTo(slice(content, 0, 300_000));
        }
    }

    @Test
    void openOfMissingFileThrowsContentMissing() {
        assertThatThrownBy(() -> driver.open("missing")).isInstanceOf(ContentMissingException.class);
    }

    // list / exists

    @Test
    void listReturnsOnlyDirectChildren() {
        driver.write("folder/file1", bytes("1"));
        driver.write("folder/file2", bytes("2"));
        driver.write("folder/sub/deep", bytes("3"));
        driver.write("other/file", bytes("4"));

        assertThat(driver.list("folder")).containsExactlyInAnyOrder("file1", "file2", "sub");
    }

    @Test
    void listOfMissingFolderIsEmpty() {
        assertThat(driver.list("no/such/folder")).isEmpty();
    }

    @Test
    void listDoesNotShowFilesBeingWrittenOrLeftOverFromWrites() {
        for (int i = 0; i < 20; i++) {
            driver.write("folder/file", bytes("version " + i));
        }
        try (AppendingWriter writer = driver.append("folder/upload", 0)) {
            writer.commit();
        }

        assertThat(driver.list("folder")).containsExactlyInAnyOrder("file", "upload");
    }

    @Test
    void listShowsEveryFinishedWriteWhileOthersAreWritten() throws Exception {
        for (int round = 0; round < 15; round++) {
            String folder = "claims/item" + round;
            List<Callable<String>> writers = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                String own = "replica" + w;
                writers.add(() -> {
                    driver.write(folder + "/" + own, bytes("claim"));
                    List<String> listed = driver.list(folder);
                    return listed.contains(own) ? "" : own + " saw " + listed;
                });
            }
            assertThat(AtOnce.run(writers)).as("listings right after one's own write").containsOnly("");
        }
    }

    @Test
    void existsIsTrueForFilesAndFoldersOnly() {
        driver.write("folder/file", bytes("x"));

        assertThat(driver.exists("folder/file")).isTrue();
        assertThat(driver.exists("folder")).isTrue();
        assertThat(driver.exists("folder/other")).isFalse();
        assertThat(driver.exists("nothing")).isFalse();
    }

    // delete

    @Test
    void deleteRemovesAFile() {
        driver.write("folder/file", bytes("x"));
        driver.write("folder/kept", bytes("y"));

        driver.delete("folder/file");

        assertThat(driver.read("folder/file")).isEmpty();
        assertThat(driver.exists("folder/file")).isFalse();
        assertThat(driver.list("folder")).containsExactly("kept");
    }

    @Test
    void deleteRemovesAFolderRecursively() {
        driver.write("folder/a", bytes("1"));
        driver.write("folder/sub/b", bytes("2"));
        driver.write("folder/sub/deeper/c", bytes("3"));
        driver.write("sibling/d", bytes("4"));

        driver.delete("folder");

        assertThat(driver.exists("folder")).isFalse();
        assertThat(driver.read("folder/sub/deeper/c")).isEmpty();
        assertThat(driver.read("sibling/d")).isPresent();
    }

    @Test
    void deleteOfMissingPathIsNotAnError() {
        driver.delete("never/written");

        assertThat(driver.exists("never/written")).isFalse();
    }

    // append

    @Test
    void appendAtZeroCreatesTheFile() {
        try (AppendingWriter writer = driver.append("uploads/u1/data", 0)) {
            writer.write(bytes("hello"), 0, 5);
            assertThat(writer.size()).isEqualTo(5);
            writer.commit();
        }

        assertThat(appended("uploads/u1/data")).isEqualTo(bytes("hello"));
    }

    @Test
    void appendWritesOnlyTheGivenPartOfTheBuffer() {
        try (AppendingWriter writer = driver.append("data", 0)) {
            writer.write(bytes("xxhelloxx"), 2, 5);
            writer.commit();
        }

        assertThat(appended("data")).isEqualTo(bytes("hello"));
    }

    @Test
    void appendContinuesAtTheGivenOffset() {
        try (AppendingWriter writer = driver.append("data", 0)) {
            writer.write(bytes("hello "), 0, 6);
            writer.commit();
        }
        try (AppendingWriter writer = driver.append("data", 6)) {
            assertThat(writer.size()).isEqualTo(6);
            writer.write(bytes("world"), 0, 5);
            writer.write(bytes("!"), 0, 1);
            assertThat(writer.size()).isEqualTo(12);
            writer.commit();
        }

        assertThat(appended("data")).isEqualTo(bytes("hello world!"));
    }

    @Test
    void appendAtAnEarlierCommitDiscardsWhatWasCommittedAfterIt() {
        try (AppendingWriter writer = driver.append("data", 0)) {
            writer.write(bytes("keep-"), 0, 5);
            writer.commit();
            writer.write(bytes("DISCARD"), 0, 7);
            writer.commit();
        }
        try (AppendingWriter writer = driver.append("data", 5)) {
            assertThat(writer.size()).isEqualTo(5);
            writer.write(bytes("new"), 0, 3);
            writer.commit();
        }

        assertThat(appended("data")).isEqualTo(bytes("keep-new"));
    }

    @Test
    void appendAtAnEarlierCommitDiscardsTheRestEvenWhenNothingIsWritten() {
        try (AppendingWriter writer = driver.append("data", 0)) {
            writer.write(bytes("0123"), 0, 4);
            writer.commit();
        }
        try (AppendingWriter writer = driver.append("data", 4)) {
            writer.write(bytes("456789"), 0, 6);
            writer.commit();
        }
        try (AppendingWriter writer = driver.append("data", 4)) {
            writer.commit();
        }

        assertThat(appended("data")).isEqualTo(bytes("0123"));
    }

    @Test
    void writesThatAreNeverCommittedAreDiscardedByTheNextAppend() {
        try (AppendingWriter writer = driver.append("data", 0)) {
            writer.write(bytes("done"), 0, 4);
            writer.commit();
            writer.write(bytes("-abandoned"), 0, 10);
        }
        try (AppendingWriter writer = driver.append("data", 4)) {
            writer.write(bytes("!"), 0, 1);
            writer.commit();
        }

        assertThat(appended("data")).isEqualTo(bytes("done!"));
    }

    @Test
    void appendPastTheCommittedDataIsRefused() {
        try (AppendingWriter writer = driver.append("data", 0)) {
            writer.write(bytes("abc"), 0, 3);
            writer.commit();
        }

        assertThatThrownBy(() -> driver.append("data", 10)).isInstanceOf(StorageFailureException.class);
    }

    @Test
    void emptyAppendedFileCanBeOpenedAndPublished() {
        try (AppendingWriter writer = driver.append("uploads/u2/data", 0)) {
            writer.commit();
        }
        assertThat(appended("uploads/u2/data")).isEmpty();

        driver.publish("uploads/u2/data", "blobs/e3/empty/data");

        assertThat(driver.read("blobs/e3/empty/data")).hasValueSatisfying(c -> assertThat(c).isEmpty());
    }

    @Test
    void appendOfLargeDataKeepsEveryByte() {
        byte[] content = pattern(3 * 1024 * 1024 + 17);
        try (AppendingWriter writer = driver.append("data", 0)) {
            for (int at = 0; at < content.length; at += 100_000) {
                writer.write(content, at, Math.min(100_000, content.length - at));
            }
            writer.commit();
        }

        assertThat(appended("data")).isEqualTo(content);
    }

    @Test
    void publishJoinsDataAppendedInManySmallCommits() {
        byte[] content = pattern(7 * 1024 * 1024 + 5);
        int chunk = 1024 * 1024 + 3;
        for (int at = 0; at < content.length; at += chunk) {
            try (AppendingWriter writer = driver.append("uploads/u3/data", at)) {
                writer.write(content, at, Math.min(chunk, content.length - at));
                writer.commit();
            }
        }

        driver.publish("uploads/u3/data", "blobs/ab/joined/data");

        assertThat(driver.stat("blobs/ab/joined/data").map(FileStat::size)).hasValue((long) content.length);
        assertThat(driver.read("blobs/ab/joined/data")).hasValueSatisfying(c -> assertThat(c).isEqualTo(content));
    }

    // publish

    @Test
    void publishMovesTheFileAndRemovesTheSource() {
        try (AppendingWriter writer = driver.append("uploads/u1/data", 0)) {
            writer.write(bytes("content"), 0, 7);
            writer.commit();
        }

        driver.publish("uploads/u1/data", "blobs/ab/abcd/data");

        assertThat(driver.read("blobs/ab/abcd/data")).hasValueSatisfying(c -> assertThat(c).isEqualTo(bytes("content")));
        assertThat(driver.read("uploads/u1/data")).isEmpty();
        assertThat(driver.exists("uploads/u1/data")).isFalse();
    }

    @Test
    void publishReplacesAnExistingTarget() {
        driver.write("target", bytes("old"));
        driver.write("source", bytes("new"));

        driver.publish("source", "target");

        assertThat(driver.read("target")).hasValueSatisfying(c -> assertThat(c).isEqualTo(bytes("new")));
        assertThat(driver.read("source")).isEmpty();
    }

    // helpers

    protected static byte[] bytes(String text) {
        return text.getBytes(UTF_8);
    }

    /** Bytes that differ from position to position, so misplaced ranges show. */
    protected static byte[] pattern(int length) {
        byte[] content = new byte[length];
        for (int i = 0; i < length; i++) {
            content[i] = (byte) (i * 31 + (i >> 8));
        }
        return content;
    }

    private static byte[] slice(byte[] content, int offset, int length) {
        return java.util.Arrays.copyOfRange(content, offset, offset + length);
    }

    /** Appended data, read back the way the registry reads it: through {@link StorageDriver#open}. */
    protected byte[] appended(String path) {
        try (ContentReader reader = driver.open(path)) {
            return copy(reader, 0, reader.size());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static byte[] copy(ContentReader reader, long offset, long length) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        reader.copyTo(out, offset, length);
        return out.toByteArray();
    }
}
