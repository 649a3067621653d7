package dev.oubli.privacy.certificate;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What a settled erasure certifies: ids, blind indexes, its {@code outcome} (COMPLETED or PARTIALLY_COMPLETED), each
 * owner with its status and counts, or the reason it failed (docs/adr/0041), timestamps.
 */
public record ErasureFacts(UUID requestId, UUID tenantId, String outcome, List<UUID> contactIds, List<String> emailIndexes,
                           List<String> phoneIndexes, List<OwnerReceipt> owners, Instant receivedAt, Instant completedAt) {

    /** {@code completedAt}: when the owner answered (or was given up on); {@code failureReason} only for FAILED. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record OwnerReceipt(String owner, String status, Map<String, Long> counts, String failureReason, Instant completedAt) {
    }
}
