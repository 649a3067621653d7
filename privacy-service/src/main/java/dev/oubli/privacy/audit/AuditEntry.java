package dev.oubli.privacy.audit;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.UUID;

/** One audit entry as the API shows it. */
public record AuditEntry(long seq, UUID id, Instant occurredAt, String action, UUID requestId, JsonNode details,
                         String previousHash, String hash) {
}
