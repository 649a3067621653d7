package dev.oubli.privacy.certificate;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** What a completed erasure certifies: ids, blind indexes, owners with their counts, timestamps. */
public record ErasureFacts(UUID requestId, UUID tenantId, List<UUID> contactIds, List<String> emailIndexes,
                           List<String> phoneIndexes, List<OwnerReceipt> owners, Instant receivedAt, Instant completedAt) {

    public record OwnerReceipt(String owner, Map<String, Long> counts, Instant completedAt) {
    }
}
