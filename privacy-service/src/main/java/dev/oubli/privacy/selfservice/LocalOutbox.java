package dev.oubli.privacy.selfservice;

import dev.oubli.privacy.PrivacyConfig;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Local development and tests: mails and text messages are written to {@code oubli.privacy.local-outbox}
 * ({@code mail/} and {@code sms/}, one file each, readable by the service's user only) instead of being sent. Never
 * the log: they carry addresses and codes.
 */
@ApplicationScoped
class LocalOutbox {

    private final Optional<Path> root;
    private final AtomicLong sequence = new AtomicLong();

    LocalOutbox(PrivacyConfig config) {
        this.root = config.localOutbox().filter(dir -> !dir.isBlank()).map(Path::of);
    }

    boolean enabled() {
        return root.isPresent();
    }

    /** Off the event loop: a file write blocks. */
    Uni<Void> write(String kind, String to, String subject, String text) {
        Path dir = root.orElseThrow(() -> new IllegalStateException("no local outbox configured")).resolve(kind);
        // Sortable names: the order in which they were written.
        String name = String.format("%s-%06d-%s.txt", Instant.now().toString().replace(':', '-'), sequence.incrementAndGet() % 1_000_000,
                UUID.randomUUID().toString().substring(0, 8));
        String content = "To: " + to + "\n" + (subject == null ? "" : "Subject: " + subject + "\n") + "\n" + text;
        return Uni.createFrom().<Void>item(() -> {
            try {
                createPrivately(dir);
                Files.writeString(Files.createFile(dir.resolve(name), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))),
                        content, StandardCharsets.UTF_8);
                return null;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private static void createPrivately(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            try {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (FileAlreadyExistsException raced) {
                // another message created it first
            }
        }
    }
}
