package io.cqkd.phases.refresh;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.nio.file.StandardCopyOption.ATOMIC_MOVE;
import static java.nio.file.StandardCopyOption.REPLACE_EXISTING;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The file a role process keeps its {@link SavedTable} in: UTF-8 text, one item a line, so an
 * operator can read it and a damaged one is easy to tell apart:
 * <pre>
 * cqkd-saved-table 1
 * role worker
 * saved-at 1764230000000
 * size-estimate 1500
 * peer 127.0.0.1:7001
 * peer [::1]:7002
 * </pre>
 * Writing replaces the file atomically, so a crash leaves the old table or the new one. Reading
 * never throws for what is in the file: a table that cannot be used only costs a join through the
 * bootstrap nodes, so it is reported in one line and ignored.
 */
public final class SavedTableFile {
    /** Far above what {@link SavedTable#MAX_PEERS} peers take; checked before reading a byte. */
    public static final int MAX_BYTES = 64 * 1024;
    static final String HEADER = "cqkd-saved-table 1";
    private static final String MAGIC = "cqkd-saved-table ";
    /** How much of a bad value a problem quotes. */
    private static final int QUOTED_CHARS = 40;

    private SavedTableFile() {
    }

    /**
     * Saves {@code table} at {@code file}, creating its directory if missing: written to a
     * temporary file next to it, forced to disk, then moved over the old one in one step.
     */
    public static void write(Path file, SavedTable table) throws IOException {
        Path target = file.toAbsolutePath();
        Path directory = target.getParent();
        Files.createDirectories(directory);
        // Same directory, so the move is a rename within one file system and can be atomic.
        Path temporary = Files.createTempFile(directory, target.getFileName() + ".", ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                ByteBuffer bytes = ByteBuffer.wrap(format(table).getBytes(UTF_8));
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                channel.force(true); // the content is on disk before the name points at it
            }
            Files.move(temporary, target, ATOMIC_MOVE, REPLACE_EXISTING);
        } catch (IOException | RuntimeException | Error e) {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException alsoFailed) {
                e.addSuppressed(alsoFailed);
            }
            throw e;
        }
        syncDirectory(directory);
    }

    /**
     * Reads the table a process of {@code expectedRole} saved at {@code file}. Never throws for
     * the file's content or an I/O error: those come back {@link LoadedTable.Status#MISSING} or
     * {@link LoadedTable.Status#IGNORED} with a one-line problem.
     *
     * @throws IllegalArgumentException if {@code expectedRole} is not a role a table can have
     */
    public static LoadedTable read(Path file, String expectedRole) {
        Objects.requireNonNull(file, "file");
        if (!SavedTable.isValidRole(Objects.requireNonNull(expectedRole, "expectedRole"))) {
            throw new IllegalArgumentException("not a role a saved table can have: \"" + expectedRole + "\"");
        }
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            if (!attributes.isRegularFile()) {
                return LoadedTable.ignored(file, "not a regular file");
            }
            if (attributes.size() > MAX_BYTES) {
                return LoadedTable.ignored(file, tooLarge(attributes.size() + " bytes"));
            }
            byte[] bytes;
            try (InputStream in = Files.newInputStream(file)) {
                bytes = in.readNBytes(MAX_BYTES + 1); // bounded even if it grew since
            }
            if (bytes.length > MAX_BYTES) {
                return LoadedTable.ignored(file, tooLarge("more bytes"));
            }
            return LoadedTable.loaded(parse(decode(bytes), expectedRole));
        } catch (NoSuchFileException e) {
            return LoadedTable.missing(file);
        } catch (BadContent e) {
            return LoadedTable.ignored(file, e.getMessage());
        } catch (IOException e) {
            return LoadedTable.ignored(file, "could not be read (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
        }
    }

    static String format(SavedTable table) {
        StringBuilder out = new StringBuilder()
                .append(HEADER).append('\n')
                .append("role ").append(table.role()).append('\n')
                .append("saved-at ").append(table.savedAtEpochMillis()).append('\n')
                .append("size-estimate ").append(table.sizeEstimate()).append('\n');
        for (InetSocketAddress peer : table.peers()) {
            out.append("peer ").append(PeerLiteral.format(peer)).append('\n');
        }
        return out.toString();
    }

    private static String decode(byte[] bytes) throws BadContent {
        String text;
        try {
            text = UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new BadContent("not UTF-8 text (binary or damaged)");
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) != '\n' && Character.isISOControl(text.charAt(i))) {
                throw new BadContent(at(lineOf(text, i), "control character, not text (binary or damaged)"));
            }
        }
        return text;
    }

    private static SavedTable parse(String text, String expectedRole) throws BadContent {
        if (text.isEmpty()) {
            throw new BadContent("empty");
        }
        // The writer ends every line; without the last end, the last value may be cut short.
        if (!text.endsWith("\n")) {
            throw new BadContent("the last line is unfinished (cut short?)");
        }
        String[] lines = text.substring(0, text.length() - 1).split("\n", -1);
        checkHeader(lines[0]);
        String role = null;
        Long savedAt = null;
        Long sizeEstimate = null;
        List<InetSocketAddress> peers = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            int number = i + 1;
            int space = lines[i].indexOf(' ');
            if (space <= 0 || space == lines[i].length() - 1) {
                throw new BadContent(at(number, "expected \"key value\", found " + quote(lines[i])));
            }
            String key = lines[i].substring(0, space);
            String value = lines[i].substring(space + 1);
            switch (key) {
                case "role" -> role = once(role, value, number, key);
                case "saved-at" -> savedAt = once(savedAt, parseLong(value, number, key), number, key);
                case "size-estimate" -> sizeEstimate = once(sizeEstimate, parseLong(value, number, key), number, key);
                case "peer" -> {
                    if (peers.size() == SavedTable.MAX_PEERS) {
                        throw new BadContent(at(number, "more than " + SavedTable.MAX_PEERS + " peers"));
                    }
                    peers.add(PeerLiteral.parse(value).orElseThrow(
                            () -> new BadContent(at(number, "bad peer address " + quote(value)))));
                }
                default -> throw new BadContent(at(number, "unknown key " + quote(key)));
            }
        }
        if (role == null) {
            throw new BadContent("no role line");
        }
        if (!role.equals(expectedRole)) {
            throw new BadContent("saved by " + withArticle(role) + " process, not " + withArticle(expectedRole));
        }
        if (savedAt == null) {
            throw new BadContent("no saved-at line");
        }
        if (sizeEstimate == null) {
            throw new BadContent("no size-estimate line");
        }
        if (sizeEstimate < 0) {
            throw new BadContent("negative size-estimate " + sizeEstimate);
        }
        try {
            return new SavedTable(role, savedAt, sizeEstimate, peers);
        } catch (IllegalArgumentException e) {
            throw new BadContent(e.getMessage()); // the checks above should leave nothing for here
        }
    }

    private static void checkHeader(String line) throws BadContent {
        if (line.equals(HEADER)) {
            return;
        }
        if (line.startsWith(MAGIC)) {
            String version = line.substring(MAGIC.length());
            throw new BadContent("version " + (version.matches("[0-9]{1,9}") ? version : quote(version))
                    + " not understood (this build reads version 1)");
        }
        throw new BadContent("not a saved table (the first line is not \"" + HEADER + "\")");
    }

    private static <T> T once(T earlier, T value, int line, String key) throws BadContent {
        if (earlier != null) {
            throw new BadContent(at(line, "a second " + key + " line"));
        }
        return value;
    }

    private static long parseLong(String value, int line, String key) throws BadContent {
        if (value.matches("-?[0-9]{1,19}")) {
            try {
                return Long.parseLong(value);
            } catch (NumberFormatException e) {
                // nineteen digits above Long.MAX_VALUE: reported below like any bad number
            }
        }
        throw new BadContent(at(line, "bad number " + quote(value) + " for " + key));
    }

    private static String tooLarge(String size) {
        return size + ", more than the " + MAX_BYTES + " a saved table may have";
    }

    private static String at(int line, String problem) {
        return "line " + line + ": " + problem;
    }

    private static int lineOf(String text, int index) {
        return 1 + (int) text.substring(0, index).chars().filter(c -> c == '\n').count();
    }

    private static String quote(String value) {
        return "\"" + shorten(value) + "\"";
    }

    private static String shorten(String value) {
        return value.length() <= QUOTED_CHARS ? value : value.substring(0, QUOTED_CHARS) + "...";
    }

    private static String withArticle(String role) {
        return ("aeiouAEIOU".indexOf(role.charAt(0)) >= 0 ? "an " : "a ") + shorten(role);
    }

    /** Makes the rename itself survive a power cut; not every platform can open a directory. */
    private static void syncDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // The table is in place either way; only its surviving a power cut is less sure.
        }
    }

    /** What is wrong with the content, as the reason in a problem line; no stack trace to fill. */
    private static final class BadContent extends Exception {
        private static final long serialVersionUID = 1L;

        BadContent(String reason) {
            super(reason, null, false, false);
        }
    }
}
