package dev.oubli.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * Before a request naming emails or phone numbers goes to the owners, the privacy service asks the resolving owner
 * (contacts-service) which contact ids those identifiers belong to, so every owner then acts on everything linked to
 * the person by id too (docs/adr/0034). Read-only for the resolver; answered by {@link SubjectResolved}.
 *
 * @param attempt 1 when first published; the watchdog re-publishes a late resolution with attempt + 1
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SubjectResolutionRequested(
        UUID requestId,
        RequestType requestType,
        SubjectRef subject,
        int attempt,
        Instant requestedAt) implements OubliEvent {

    public SubjectResolutionRequested {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(requestType, "requestType");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(requestedAt, "requestedAt");
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt starts at 1");
        }
    }
}
