package dev.oubli.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * The privacy service accepted a request; every data owner does its part. One event for every request
 * type (docs/adr/0004).
 *
 * @param attempt         1 when first published; the watchdog re-publishes late requests with attempt + 1,
 *                        and owners stay idempotent on {@code requestId}
 * @param exportPublicKey for ACCESS and PORTABILITY: the one-off Tink public keyset (JSON) owners encrypt
 *                        their export with; {@code null} otherwise
 * @param corrections     for RECTIFICATION: the corrected values, sealed for the platform's owners and this
 *                        request only (libs/sealing {@code CorrectionSealing}, docs/adr/0006); {@code null}
 *                        otherwise. Never the values in clear.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PrivacyRequestSubmitted(
        UUID requestId,
        RequestType requestType,
        SubjectRef subject,
        int attempt,
        String exportPublicKey,
        String corrections,
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
        if (corrections != null && corrections.isBlank()) {
            throw new IllegalArgumentException("corrections are either absent or sealed");
        }
    }

    /** The same request published again by the watchdog. */
    public PrivacyRequestSubmitted nextAttempt() {
        return new PrivacyRequestSubmitted(requestId, requestType, subject, attempt + 1, exportPublicKey, corrections, submittedAt);
    }
}
