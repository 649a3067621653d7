package dev.oubli.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A contact was deleted by the tenant's staff, which erases the person (docs/adr/0035): the privacy service opens an
 * ERASURE request with this id for this subject, fanned out to every owner like any other. Ids and blind indexes only.
 *
 * @param requestId   the id the privacy request gets (chosen by the producer, so the answer to the deletion can link it)
 * @param contactId   the deleted contact
 * @param subject     the contact's id and blind indexes
 * @param requestedBy who deleted it: the token's client id or subject, an opaque id
 * @param requestedAt when
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ContactErasureRequested(
        UUID requestId,
        UUID contactId,
        SubjectRef subject,
        String requestedBy,
        Instant requestedAt) implements OubliEvent {

    static final Pattern OPAQUE_ID = Pattern.compile("^[^\\p{Cntrl}]{1,100}$");

    public ContactErasureRequested {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(contactId, "contactId");
        Objects.requireNonNull(subject, "subject");
        if (!subject.contactIds().contains(contactId)) {
            throw new IllegalArgumentException("subject names the deleted contact's id");
        }
        if (requestedBy == null || !OPAQUE_ID.matcher(requestedBy).matches()) {
            throw new IllegalArgumentException("requestedBy must be 1 to 100 characters without control characters");
        }
        Objects.requireNonNull(requestedAt, "requestedAt");
    }
}
