package dev.oubli.privacy.bulkerasure;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Where a bulk erasure stands (docs/adr/0062), read from the ERASURE requests of its batches.
 *
 * @param id          the bulk erasure's id, chosen by contacts-service
 * @param status      {@code RECEIVING} until every batch's request is open, {@code IN_PROGRESS} until each is settled,
 *                    then {@code COMPLETED} (every batch completed) or {@code PARTIALLY_COMPLETED} (say which did not)
 * @param batches     how many batches it has
 * @param contacts    contacts named by the batches received so far
 * @param receivedAt  when its first batch's request was opened
 * @param settledAt   when its last batch settled, once all have
 * @param owners      what each owner erased, summed over the batches (the counts of their receipts)
 * @param requests    each batch's request: id and status
 * @param certificate where its signed certificate is, once every batch is settled; null before
 */
public record BulkErasure(UUID id, String status, int batches, long contacts, OffsetDateTime receivedAt,
                          OffsetDateTime settledAt, Map<String, Map<String, Long>> owners, List<Batch> requests,
                          String certificate) {

    public record Batch(UUID requestId, String status) {
    }
}
