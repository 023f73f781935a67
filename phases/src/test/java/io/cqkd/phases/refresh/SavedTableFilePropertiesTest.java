package io.cqkd.phases.refresh;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;

/** Whatever lies in the file, reading it gives a status and one line, never an exception. */
class SavedTableFilePropertiesTest {
    private Path directory;

    @BeforeProperty
    void makeDirectory() throws IOException {
        directory = Files.createTempDirectory("saved-table");
    }

    @AfterProperty
    void removeDirectory() throws IOException {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    @Property(tries = 500)
    void randomBytesAreIgnoredInOneLine(@ForAll @Size(max = 2_000) byte[] content) throws IOException {
        Path file = directory.resolve("worker.table");
        Files.write(file, content);
        LoadedTable loaded = SavedTableFile.read(file, "worker");
        assertThat(loaded.status()).isEqualTo(LoadedTable.Status.IGNORED);
        assertThat(loaded.table()).isEmpty();
        assertThat(loaded.problem()).doesNotContain("\n", "\r").contains(file.toString());
    }

    /** Random text that starts right, so the reading gets past the header to the lines. */
    @Property(tries = 500)
    void randomLinesAfterAValidHeaderAreIgnoredInOneLine(@ForAll("tableLikeText") String text) throws IOException {
        Path file = directory.resolve("worker.table");
        Files.writeString(file, SavedTableFile.HEADER + "\n" + text);
        LoadedTable loaded = SavedTableFile.read(file, "worker");
        if (!loaded.isLoaded()) {
            assertThat(loaded.problem()).doesNotContain("\n", "\r").contains(file.toString());
        }
    }

    @Provide
    Arbitrary<String> tableLikeText() {
        Arbitrary<String> word = Arbitraries.oneOf(
                Arbitraries.of("role", "saved-at", "size-estimate", "peer", "worker", "1", "-1", " ", "\n", "\r",
                        "127.0.0.1:7001", "[::1]:7002", "[", "]", ":", "\u0000", "\u2028", "99999999999999999999"),
                Arbitraries.strings().ofMaxLength(8));
        return word.list().ofMaxSize(40).map(words -> String.join("", words));
    }
}
