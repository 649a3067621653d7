package dev.oubli.privacy.selfservice;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Reads what the local outbox wrote: the mails and text messages a developer would read, one file each. */
final class LocalOutboxFiles {

    static final Path ROOT = Path.of("target/outbox");

    private LocalOutboxFiles() {
    }

    /** The texts of the files of {@code kind} (mail, sms) sent to {@code recipient}, oldest first. */
    static List<String> sentTo(String kind, String recipient) {
        Path dir = ROOT.resolve(kind);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().map(LocalOutboxFiles::read)
                    .filter(text -> text.lines().anyMatch(line -> line.equals("To: " + recipient))).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
