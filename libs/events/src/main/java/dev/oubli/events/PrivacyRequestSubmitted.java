package dev.oubli.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * The privacy service accepted a request; every data owner does its part. One event for every request
 * type (docs/adr/0004). Rectification's corrected values are personal data and are not carried in v1.
 *
 * @param attempt         1 when first published; the watchdog re-publishes late requests with attempt + 1,
 *                        and owners stay idempotent on {@code requestId}
 * @param exportPublicKey for ACCESS and PORTABILITY: the one-off Tink public keyset (JSON) owners encrypt
 *                        their export with; {@code null} otherwise
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PrivacyRequestSubmitted(
        UUID requestId,
        RequestType requestType,
        SubjectRef subject,
        int attempt,
        String exportPublicKey,
        Instant submittedAt) implements OubliEvent {

    public PrivacyRequestSubmitted {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(requestType, "requestType");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(submittedAt, "submittedAt");
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt starts at 1");
        }
        if (exportPublicKey != null && exportPublicKey.isBlank()) {
            throw new IllegalArgumentException("exportPublicKey is either absent or a keyset");
        }
    }

    /** The same request published again by the watchdog. */
    public PrivacyRequestSubmitted nextAttempt() {
        return new PrivacyRequestSubmitted(requestId, requestType, subject, attempt + 1, exportPublicKey, submittedAt);
    }
}
