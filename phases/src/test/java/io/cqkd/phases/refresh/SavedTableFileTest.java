package io.cqkd.phases.refresh;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SavedTableFileTest {
    private static final SavedTable TABLE = new SavedTable("worker", 1_764_230_000_000L, 1_500, List.of(
            new InetSocketAddress("127.0.0.1", 7001),
            new InetSocketAddress("::1", 7002),
            new InetSocketAddress("2001:db8::17", 65_535),
            new InetSocketAddress("10.0.0.255", 1)));
    private static final String HEAD = "cqkd-saved-table 1\nrole worker\nsaved-at 1764230000000\nsize-estimate 1500\n";

    @TempDir
    Path directory;

    private Path file() {
        return directory.resolve("worker.table");
    }

    private LoadedTable readText(String text) throws IOException {
        Files.writeString(file(), text, UTF_8);
        return SavedTableFile.read(file(), "worker");
    }

    private void assertIgnored(LoadedTable loaded, String... problemParts) {
        assertThat(loaded.status()).isEqualTo(LoadedTable.Status.IGNORED);
        assertThat(loaded.table()).isEmpty();
        assertThat(loaded.problem())
                .startsWith("saved table " + file() + ": ")
                .endsWith("(ignored; joining through the bootstrap nodes)")
                .doesNotContain("\n", "\r", "\tat ")
                .contains(problemParts);
    }

    @Test
    void readsBackWhatItWroteIpv4AndIpv6() throws IOException {
        SavedTableFile.write(file(), TABLE);

        LoadedTable loaded = SavedTableFile.read(file(), "worker");
        assertThat(loaded.status()).isEqualTo(LoadedTable.Status.LOADED);
        assertThat(loaded.problem()).isNull();
        assertThat(loaded.table()).contains(TABLE);
    }

    @Test
    void writesTheDocumentedTextWithNumericAddresses() throws IOException {
        SavedTableFile.write(file(), new SavedTable("worker", 1_764_230_000_000L, 1_500, List.of(
                new InetSocketAddress("127.0.0.1", 7001), new InetSocketAddress("::1", 7002))));
        assertThat(Files.readString(file(), UTF_8))
                .isEqualTo(HEAD + "peer 127.0.0.1:7001\npeer [0:0:0:0:0:0:0:1]:7002\n");
    }

    @Test
    void readsAnEmptyPeerList() throws IOException {
        assertThat(readText(HEAD).table()).contains(new SavedTable("worker", 1_764_230_000_000L, 1_500, List.of()));
    }

    @Test
    void replacesAnExistingFileAndLeavesNoTemporaryFileBehind() throws IOException {
        Files.writeString(file(), "an older table");
        SavedTableFile.write(file(), TABLE);
        SavedTable newer = new SavedTable("worker", 1_764_230_060_000L, 1_600, List.of());
        SavedTableFile.write(file(), newer);

        assertThat(SavedTableFile.read(file(), "worker").table()).contains(newer);
        try (Stream<Path> files = Files.list(directory)) {
            assertThat(files).containsExactly(file());
        }
    }

    @Test
    void createsAMissingDirectory() throws IOException {
        Path nested = directory.resolve("state/tables/worker.table");
        SavedTableFile.write(nested, TABLE);
        assertThat(SavedTableFile.read(nested, "worker").table()).contains(TABLE);
    }

    @Test
    void aFailedWriteLeavesNoTemporaryFile() throws IOException {
        Path inTheWay = directory.resolve("worker.table");
        Files.createDirectory(inTheWay);
        Files.writeString(inTheWay.resolve("keep"), "x"); // a non-empty directory cannot be replaced

        assertThatThrownBy(() -> SavedTableFile.write(inTheWay, TABLE))
                .isInstanceOf(IOException.class);
        try (Stream<Path> files = Files.list(directory)) {
            assertThat(files).containsExactly(inTheWay);
        }
    }

    @Test
    void aMissingFileIsMissingNotIgnored() {
        LoadedTable loaded = SavedTableFile.read(file(), "worker");
        assertThat(loaded.status()).isEqualTo(LoadedTable.Status.MISSING);
        assertThat(loaded.table()).isEmpty();
        assertThat(loaded.problem()).isEqualTo("no saved table at " + file() + " (joining through the bootstrap nodes)");
    }

    @Test
    void aTableOfAnotherRoleIsIgnoredNamingBoth() throws IOException {
        SavedTableFile.write(file(), new SavedTable("bootstrap", 1L, 10, List.of()));
        assertIgnored(SavedTableFile.read(file(), "worker"), "saved by a bootstrap process, not a worker");
        SavedTableFile.write(file(), new SavedTable("worker", 1L, 10, List.of()));
        assertIgnored(SavedTableFile.read(file(), "alice"), "saved by a worker process, not an alice");
    }

    /** Zero bytes that would be reported as control characters if they were read. */
    @Test
    void aTooLargeFileIsIgnoredBySizeWithoutReadingIt() throws IOException {
        try (RandomAccessFile sparse = new RandomAccessFile(file().toFile(), "rw")) {
            sparse.setLength(SavedTableFile.MAX_BYTES + 1);
        }
        assertIgnored(SavedTableFile.read(file(), "worker"), "65537 bytes, more than the 65536");
    }

    @Test
    void aFileAtTheSizeLimitIsRead() throws IOException {
        String padding = "peer 127.0.0.1:7001\n".repeat(SavedTable.MAX_PEERS);
        String text = HEAD + padding;
        assertThat(text.length()).isLessThan(SavedTableFile.MAX_BYTES);
        assertThat(readText(text).table()).hasValueSatisfying(t -> assertThat(t.peers()).hasSize(SavedTable.MAX_PEERS));
    }

    @Test
    void binaryOrNonUtf8IsIgnored() throws IOException {
        Files.write(file(), new byte[] {(byte) 0xff, (byte) 0xfe, 0x00, 0x41});
        assertIgnored(SavedTableFile.read(file(), "worker"), "not UTF-8 text");
        assertIgnored(readText(HEAD + "peer 127.0.0.1:7001\u0000\n"), "line 5: control character");
    }

    @Test
    void tellsAnotherFileFromAnotherVersion() throws IOException {
        assertIgnored(readText("hello\n"), "not a saved table");
        assertIgnored(readText(""), "empty");
        assertIgnored(readText(HEAD.replace("table 1", "table 2")), "version 2 not understood");
    }

    @Test
    void missingLinesAreNamed() throws IOException {
        assertIgnored(readText(HEAD.replace("role worker\n", "")), "no role line");
        assertIgnored(readText(HEAD.replace("saved-at 1764230000000\n", "")), "no saved-at line");
        assertIgnored(readText(HEAD.replace("size-estimate 1500\n", "")), "no size-estimate line");
    }

    @Test
    void unknownDuplicateAndMalformedLinesAreNamedByNumber() throws IOException {
        assertIgnored(readText(HEAD + "colour blue\n"), "line 5: unknown key \"colour\"");
        assertIgnored(readText(HEAD + "size-estimate 1600\n"), "line 5: a second size-estimate line");
        assertIgnored(readText(HEAD + "\n"), "line 5: expected \"key value\"");
        assertIgnored(readText(HEAD + "peer\n"), "line 5: expected \"key value\"");
        assertIgnored(readText(HEAD.replace("1500", "many")), "line 4: bad number \"many\" for size-estimate");
        assertIgnored(readText(HEAD.replace("1500", "99999999999999999999")), "line 4: bad number");
        assertIgnored(readText(HEAD.replace("1500", "-3")), "negative size-estimate -3");
        assertIgnored(readText(HEAD + "peer 127.0.0.1:7001"), "unfinished");
    }

    @ParameterizedTest
    @ValueSource(strings = {"x:y", "localhost:7001", "peer.example:7001", "127.0.0.1", "127.0.0.1:0", "127.0.0.1:65536",
        "127.0.0.1:+7001", "127.0.0.1:07001", "256.0.0.1:7001", "1.2.3:7001", "01.2.3.4:7001", "::1:7002",
        "[::1]", "[]:7002", "[::g]:7002", "[127.0.0.1]:7002", "[fe80::1%eth0]:7002", "[::1]]:7002", "1.2.3.4 :7001"})
    void badPeerAddressesAreNamedAndNeverLookedUp(String peer) throws IOException {
        assertIgnored(readText(HEAD + "peer " + peer + "\n"), "line 5: bad peer address \"" + peer + "\"");
    }

    @Test
    void acceptsTheNumericAddressFormsOthersWrite() throws IOException {
        LoadedTable loaded = readText(HEAD + "peer [::1]:7002\npeer [2001:DB8::17]:80\npeer [::ffff:10.0.0.1]:9\n");
        assertThat(loaded.table()).hasValueSatisfying(t -> assertThat(t.peers()).containsExactly(
                new InetSocketAddress("::1", 7002),
                new InetSocketAddress("2001:db8::17", 80),
                new InetSocketAddress("10.0.0.1", 9)));
    }

    @Test
    void moreThanMaxPeersIsIgnored() throws IOException {
        String peers = String.join("", Collections.nCopies(SavedTable.MAX_PEERS + 1, "peer 127.0.0.1:7001\n"));
        assertIgnored(readText(HEAD + peers), "line " + (4 + SavedTable.MAX_PEERS + 1) + ": more than 512 peers");
    }

    @Test
    void aQuotedValueIsShortenedAndItsControlCharactersEscaped() throws IOException {
        assertIgnored(readText(HEAD + "peer " + "9".repeat(100) + "\u2028\n"), "\"" + "9".repeat(40) + "...\"");
        assertIgnored(readText(HEAD + "peer x\u2028y\n"), "\"x\\u2028y\"");
    }

    /** A file cut anywhere: never an exception, and never a peer the whole file did not name. */
    @Test
    void aTruncatedFileNeverGivesPeersTheOriginalDidNotHave() throws IOException {
        byte[] whole = SavedTableFile.format(TABLE).getBytes(UTF_8);
        for (int length = 0; length < whole.length; length++) {
            Files.write(file(), Arrays.copyOf(whole, length));
            LoadedTable loaded = SavedTableFile.read(file(), "worker");
            assertThat(loaded.status()).as("cut at %d", length).isNotEqualTo(LoadedTable.Status.MISSING);
            loaded.table().ifPresent(t -> assertThat(TABLE.peers()).containsAll(t.peers()));
            if (!loaded.isLoaded()) {
                assertThat(loaded.problem()).as("cut at %d", length).doesNotContain("\n");
            }
        }
    }

    @Test
    void aDirectoryInPlaceOfTheFileIsIgnored() throws IOException {
        Files.createDirectory(file());
        assertIgnored(SavedTableFile.read(file(), "worker"), "not a regular file");
    }
}
