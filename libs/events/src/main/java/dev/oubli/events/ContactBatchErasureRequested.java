package dev.oubli.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One batch of a bulk erasure (docs/adr/0062): the tenant's staff deleted many contacts in one call, which erases each
 * person. The privacy service opens one ERASURE request with this id for the batch's subject (the contacts' ids and
 * blind indexes), fanned out to every owner like any other, so each owner erases the whole batch in one transaction
 * and answers once. Ids and blind indexes only.
 *
 * @param requestId     the id the batch's privacy request gets (chosen by the producer)
 * @param bulkErasureId the bulk erasure the batch belongs to (chosen by the producer, shared by its batches)
 * @param batch         this batch's number, from 1
 * @param batches       how many batches the bulk erasure has
 * @param subject       the batch's contacts: their ids (at most {@link #MAX_CONTACTS}) and blind indexes
 * @param requestedBy   who deleted them: the token's client id or subject, an opaque id
 * @param requestedAt   when
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ContactBatchErasureRequested(
        UUID requestId,
        UUID bulkErasureId,
        int batch,
        int batches,
        SubjectRef subject,
        String requestedBy,
        Instant requestedAt) implements OubliEvent {

    /** Contacts per batch at most: the identity resolution of the batch's request answers up to 1,000 contact ids. */
    public static final int MAX_CONTACTS = 500;

    public ContactBatchErasureRequested {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(bulkErasureId, "bulkErasureId");
        if (batches < 1 || batch < 1 || batch > batches) {
            throw new IllegalArgumentException("batch must be between 1 and batches, batches at least 1");
        }
        Objects.requireNonNull(subject, "subject");
        if (subject.contactIds().isEmpty() || subject.contactIds().size() > MAX_CONTACTS) {
            throw new IllegalArgumentException("a batch names 1 to " + MAX_CONTACTS + " contact ids");
        }
        if (requestedBy == null || !ContactErasureRequested.OPAQUE_ID.matcher(requestedBy).matches()) {
            throw new IllegalArgumentException("requestedBy must be 1 to 100 characters without control characters");
        }
        Objects.requireNonNull(requestedAt, "requestedAt");
    }
}
