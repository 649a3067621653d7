package dev.oubli.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * The resolving owner's answer to {@link SubjectResolutionRequested}: the ids of the contacts whose emails or phone
 * numbers match the subject's blind indexes (empty when none does). Ids only, never an identifier.
 *
 * @param owner      the resolver's service name, for example {@code contacts-service}
 * @param contactIds at most {@link #MAX_CONTACT_IDS} ids
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SubjectResolved(
        UUID requestId,
        String owner,
        List<UUID> contactIds,
        Instant resolvedAt) implements OubliEvent {

    /** Keeps the event far below Kafka's message size. */
    public static final int MAX_CONTACT_IDS = 1000;

    public SubjectResolved {
        Objects.requireNonNull(requestId, "requestId");
        TaskCompleted.requireWord(owner, "owner");
        contactIds = contactIds == null ? List.of() : List.copyOf(contactIds);
        if (contactIds.size() > MAX_CONTACT_IDS) {
            throw new IllegalArgumentException("at most " + MAX_CONTACT_IDS + " contact ids");
        }
        Objects.requireNonNull(resolvedAt, "resolvedAt");
    }
}
