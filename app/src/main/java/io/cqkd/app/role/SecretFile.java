package io.cqkd.app.role;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * A secret kept in a file readable by its owner only (an identity key, an admin token): read if it
 * is there, else made once — written to a temporary file (mode rw-------) in the same directory and
 * linked into place, which fails if another process made it first (then theirs is used). Never
 * replaced: a new secret would lock out whoever was given the old one.
 */
public final class SecretFile {
    /** Reads a secret's text; a file that does not hold one throws with a one-line reason. */
    @FunctionalInterface
    public interface Reader<T> {
        T read(Path file) throws IOException;
    }

    /** What came of {@link #loadOrCreate}: the secret, and whether the file was made just now. */
    public record Loaded<T>(T value, boolean created) {}

    /** A new secret: the text the file holds, and the value it reads as. */
    public record Made<T>(String text, T value) {}

    private SecretFile() {
    }

    /**
     * The secret in {@code file}, read by {@code reader}; if there is no file, one from {@code make}
     * (asked only then) is written there, its directory made.
     */
    public static <T> Loaded<T> loadOrCreate(Path file, Reader<T> reader, Supplier<Made<T>> make) throws IOException {
        try {
            return new Loaded<>(reader.read(file), false);
        } catch (NoSuchFileException missing) {
            Made<T> made = make.get();
            Path target = file.toAbsolutePath();
            Files.createDirectories(target.getParent());
            Path temporary = Files.createTempFile(target.getParent(), target.getFileName() + ".", ".tmp"); // rw-------
            try {
                Files.writeString(temporary, made.text(), US_ASCII);
                Files.createLink(target, temporary); // atomic, and never over an existing file
                return new Loaded<>(made.value(), true);
            } catch (FileAlreadyExistsException raced) {
                return new Loaded<>(reader.read(file), false); // another process made it first: use theirs
            } finally {
                Files.deleteIfExists(temporary);
            }
        }
    }

    /** Refuses a file larger than {@code maxBytes} before reading it, naming what it should hold. */
    public static String readSmall(Path file, int maxBytes, String what) throws IOException {
        if (Files.size(file) > maxBytes) {
            throw new IOException(file + ": too large for " + what);
        }
        return Files.readString(file, US_ASCII);
    }
}
