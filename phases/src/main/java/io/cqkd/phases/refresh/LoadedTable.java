package io.cqkd.phases.refresh;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link SavedTableFile#read} found: a table, no file, or a file it ignored. The last two are
 * not errors, the process just joins through the bootstrap nodes, so {@code problem} is one line
 * for the log that names the file and says what happened, with no stack trace.
 *
 * @param status which of the three it is
 * @param table the table, present exactly when {@code status} is {@link Status#LOADED}
 * @param problem null when loaded, else one line naming the file
 */
public record LoadedTable(Status status, Optional<SavedTable> table, String problem) {
    private static final String FALLBACK = "joining through the bootstrap nodes";

    /** How reading the file went. */
    public enum Status {
        LOADED,
        /** No file: the first start, or the table was never saved; worth at most an info line. */
        MISSING,
        /** A file that could not be used; worth a warning, since the operator may want to look. */
        IGNORED
    }

    public LoadedTable {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(table, "table");
        if (table.isPresent() != (status == Status.LOADED)) {
            throw new IllegalArgumentException("a table comes with LOADED and only with it, not " + status);
        }
        if ((problem == null) != (status == Status.LOADED)) {
            throw new IllegalArgumentException("a problem comes with MISSING or IGNORED and only with them");
        }
        if (problem != null && problem.chars().anyMatch(LoadedTable::breaksTheLine)) {
            throw new IllegalArgumentException("the problem must be one line");
        }
    }

    static LoadedTable loaded(SavedTable table) {
        return new LoadedTable(Status.LOADED, Optional.of(table), null);
    }

    static LoadedTable missing(Path file) {
        return new LoadedTable(Status.MISSING, Optional.empty(),
                oneLine("no saved table at " + file + " (" + FALLBACK + ")"));
    }

    static LoadedTable ignored(Path file, String reason) {
        return new LoadedTable(Status.IGNORED, Optional.empty(),
                oneLine("saved table " + file + ": " + reason + " (ignored; " + FALLBACK + ")"));
    }

    public boolean isLoaded() {
        return status == Status.LOADED;
    }

    /**
     * Control characters and line separators escaped as {@code \\uXXXX}: the reason may quote the
     * file's content and an exception's message, and the path may hold anything, but a log line
     * must stay one line.
     */
    private static String oneLine(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.chars().forEach(c -> {
            if (breaksTheLine(c)) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.append((char) c);
            }
        });
        return out.toString();
    }

    private static boolean breaksTheLine(int c) {
        return Character.isISOControl(c) || c == '\u2028' || c == '\u2029';
    }
}
