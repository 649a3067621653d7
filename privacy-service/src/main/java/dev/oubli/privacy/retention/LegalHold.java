package dev.oubli.privacy.retention;

import java.time.Instant;
import java.util.UUID;

/** A legal hold as officers see it: what it keeps (blind indexes, ids), why, and when it was placed and lifted. */
public record LegalHold(UUID id, String emailIndex, String phoneIndex, UUID contactId, UUID requestId, String reason,
                        Instant placedAt, Instant liftedAt, String liftReason) {
}
