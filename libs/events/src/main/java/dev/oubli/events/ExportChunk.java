package dev.oubli.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * One piece of an owner's part of an ACCESS or PORTABILITY export, encrypted with the request's one-off
 * public key (libs/sealing {@code ExportSealing}); only the privacy service, which holds the private key
 * until the bundle expires, can read it. An owner publishes {@code count} chunks, then its
 * {@link TaskCompleted}.
 *
 * @param index      0 to {@code count - 1}; the position is bound into the ciphertext, so chunks cannot be
 *                   reordered or moved to another request or owner
 * @param ciphertext base64url (no padding) of the Tink hybrid ciphertext of at most
 *                   {@link #MAX_PLAINTEXT_BYTES} bytes of the owner's part
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ExportChunk(
        UUID requestId,
        String owner,
        int index,
        int count,
        String ciphertext,
        Instant sealedAt) implements OubliEvent {

    /** Plaintext bytes per chunk: its event stays far below Kafka's default 1 MiB record limit. */
    public static final int MAX_PLAINTEXT_BYTES = 256 * 1024;

    private static final Pattern BASE64URL = Pattern.compile("^[A-Za-z0-9_-]+$");

    public ExportChunk {
        Objects.requireNonNull(requestId, "requestId");
        TaskCompleted.requireWord(owner, "owner");
        if (count < 1 || index < 0 || index >= count) {
            throw new IllegalArgumentException("a chunk's index is 0 to count - 1, and count is 1 or more");
        }
        if (ciphertext == null || !BASE64URL.matcher(ciphertext).matches()) {
            throw new IllegalArgumentException("ciphertext must be base64url without padding");
        }
        Objects.requireNonNull(sealedAt, "sealedAt");
    }
}
